package dev.alternator.testsupport;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalAlternatorClusterMainTests {

	@Test
	void optionsHaveDefaults() {
		LocalAlternatorClusterMain.Options options = LocalAlternatorClusterMain.Options.parse(new String[0]);
		assertThat(options.nodes).isEqualTo(3);
		assertThat(options.port).isEqualTo(8000);
		assertThat(options.datacenter).isEqualTo("dc1");
		assertThat(options.racks).containsExactly("rack1", "rack2", "rack3");
		assertThat(options.lifetime).isEqualTo(Duration.ofMinutes(30));
		assertThat(options.requestLogLimit).isEqualTo(LocalAlternatorCluster.DEFAULT_REQUEST_LOG_LIMIT);
		assertThat(options.vnodeTokens).isEqualTo(LocalAlternatorCluster.DEFAULT_VNODE_TOKENS);
	}

	@Test
	void optionsAreParsed() {
		LocalAlternatorClusterMain.Options options = LocalAlternatorClusterMain.Options.parse(
				new String[] { "--nodes", "2", "--port", "0", "--datacenter", "east", "--racks", "r1, r2", "--lifetime",
						"PT5S", "--first-address", "40", "--request-log-limit", "0", "--vnode-tokens", "256" });
		assertThat(options.nodes).isEqualTo(2);
		assertThat(options.port).isZero();
		assertThat(options.datacenter).isEqualTo("east");
		assertThat(options.racks).containsExactly("r1", "r2");
		assertThat(options.lifetime).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.firstAddress).isEqualTo(40);
		assertThat(options.requestLogLimit).isZero();
		assertThat(options.vnodeTokens).isEqualTo(256);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorClusterMain.Options.parse(new String[] { "--request-log-limit", "-1" }));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorClusterMain.Options.parse(new String[] { "--nodes", "0" }));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorClusterMain.Options.parse(new String[] { "--lifetime", "30m" }));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorClusterMain.Options.parse(new String[] { "--bogus", "1" }));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorClusterMain.Options.parse(new String[] { "--port" }));
	}

	@Test
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void runPrintsOneLinePerNodeAndReturnsWhenTheLifetimeEnds() throws InterruptedException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = LocalAlternatorClusterMain.run(
				new String[] { "--nodes", "2", "--port", "0", "--racks", "ra,rb", "--lifetime", "PT1S",
						"--first-address", "40" },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(status).isZero();
		String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
		assertThat(lines).hasSize(2);
		assertThat(lines[0]).matches(
				"alternator-node address=127\\.0\\.0\\.40 port=\\d+ dc=dc1 rack=ra endpoint=http://127\\.0\\.0\\.40:\\d+");
		assertThat(lines[1]).startsWith("alternator-node address=127.0.0.41 ").contains(" rack=rb ");
	}

	@Test
	void invalidArgumentsPrintUsage() throws InterruptedException {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = LocalAlternatorClusterMain.run(new String[] { "--nodes", "x" },
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(status).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("--nodes needs a number").contains("Usage:");
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void controlSetsTheExtraHopDelayAndReportsReplicaAndNonReplicaRequests() {
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.instant(true)
			.node("dc1", "r1")
			.node("dc1", "r2")
			.node("dc1", "r3")
			.start()) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			LocalAlternatorClusterMain.control(cluster,
					new BufferedReader(new StringReader("hop PT0.002S\nplacement\nhop soon\nquit\n")),
					new PrintStream(out, true, StandardCharsets.UTF_8));
			String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
			assertThat(lines[0]).isEqualTo("ok hop PT0.002S");
			assertThat(cluster.placement().extraHopDelay()).isEqualTo(Duration.ofMillis(2));
			assertThat(lines[1]).isEqualTo("ok placement replica=0 non-replica=0");
			assertThat(lines[2]).startsWith("error ");
			assertThat(lines[3]).isEqualTo("ok quit");
		}
	}

}
