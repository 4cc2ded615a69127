package dev.alternator.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.NodeState;
import dev.alternator.client.internal.common.Activity;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.discovery.ControlClient;
import dev.alternator.client.internal.discovery.Discovery;
import dev.alternator.client.internal.discovery.HostResolver;
import dev.alternator.client.internal.discovery.LocalNodesFetcher;
import dev.alternator.client.internal.health.HealthMonitor;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Membership;
import dev.alternator.client.internal.node.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory's timing — refresh intervals, triggers, probes, stop and start — on
 * virtual time: every request the directory sends is logged with the virtual millisecond
 * it was sent at.
 */
class DirectoryTimingTests {

	private static final List<String> NODES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

	private final FakeScheduler scheduler = new FakeScheduler();

	private final Ticker ticker = this.scheduler.ticker();

	private final FakeControl control = new FakeControl(this.scheduler, NODES);

	private final EventDispatcher events = new EventDispatcher("alternator-test-events");

	private final List<ExecutorService> executors = new ArrayList<>();

	private AlternatorConfig config = AlternatorConfig.builder().seedHosts(List.of("127.0.0.1")).build();

	private Membership membership;

	private Activity activity;

	private HealthMonitor health;

	private Discovery discovery;

	@AfterEach
	void stopExecutors() {
		this.executors.forEach(ExecutorService::shutdownNow);
	}

	private void build() {
		build(this.scheduler);
	}

	/** The parts as the directory wires them, with discovery cycles on {@code worker}. */
	private void build(java.util.concurrent.Executor worker) {
		HealthPolicy policy = new HealthPolicy(this.config.failuresBeforeQuarantine(),
				this.config.quarantineInitialBackoff().toNanos(), this.config.quarantineMaxBackoff().toNanos(),
				new SplittableRandom(42));
		this.membership = new Membership(this.config, this.ticker, policy, this.events);
		this.activity = new Activity(this.ticker, () -> this.discovery.requestCycle("request after idle period"));
		this.health = new HealthMonitor(this.config, this.ticker, this.membership, this.control, this.events,
				this.scheduler, this.scheduler, () -> this.discovery.requestCycle("node quarantined"));
		LocalNodesFetcher fetcher = new LocalNodesFetcher(this.config, this.control,
				new HostResolver(this.scheduler, HostResolver.DNS_TIMEOUT), this.membership);
		this.discovery = new Discovery(this.config, this.ticker, fetcher, this.membership, this.activity, this.events,
				this.scheduler, worker);
	}

	private List<String> cycles() {
		return this.control.log("/localnodes");
	}

	@Test
	void cyclesFollowTheActiveIntervalWhileRequestsFlow() {
		build();
		this.discovery.requestCycle("test");
		for (int i = 0; i < 8; i++) {
			this.activity.mark();
			this.scheduler.advance(Duration.ofMillis(500));
		}
		assertThat(cycles()).containsExactly("0 127.0.0.1/localnodes", "1000 127.0.0.1/localnodes",
				"2000 127.0.0.1/localnodes", "3000 127.0.0.1/localnodes", "4000 127.0.0.1/localnodes");
		assertThat(this.membership.topology().size()).isEqualTo(3);
		assertThat(this.discovery.cycles(DiscoveryResult.Outcome.SUCCESS)).isEqualTo(5);
	}

	@Test
	void anIdleDirectoryRefreshesAtTheIdleIntervalAndTheNextRequestWakesItUp() {
		this.config = this.config.toBuilder()
			.activeRefreshInterval(Duration.ofSeconds(10))
			.idleRefreshInterval(Duration.ofSeconds(30))
			.build();
		build();
		this.discovery.requestCycle("test");
		this.scheduler.advance(Duration.ofSeconds(100));
		// active until 30 s without requests, then every 30 s
		assertThat(cycles()).containsExactly("0 127.0.0.1/localnodes", "10000 127.0.0.1/localnodes",
				"20000 127.0.0.1/localnodes", "30000 127.0.0.1/localnodes", "60000 127.0.0.1/localnodes",
				"90000 127.0.0.1/localnodes");
		this.control.clearLog();
		this.activity.mark();
		this.scheduler.runDue();
		this.scheduler.advance(Duration.ofSeconds(15));
		assertThat(cycles()).containsExactly("100000 127.0.0.1/localnodes", "110000 127.0.0.1/localnodes");
	}

	@Test
	void triggersWhileACycleIsQueuedAreAbsorbedByIt() {
		build();
		this.discovery.requestCycle("one");
		this.discovery.requestCycle("two");
		this.discovery.requestCycle("three");
		this.scheduler.runDue();
		assertThat(cycles()).containsExactly("0 127.0.0.1/localnodes");
	}

	@Test
	void triggersDuringARunningCycleMakeExactlyOneMoreCycle() {
		build();
		AtomicInteger calls = new AtomicInteger();
		this.control.duringRequest(() -> {
			if (calls.incrementAndGet() == 1) {
				this.discovery.requestCycle("one");
				this.discovery.requestCycle("two");
				this.discovery.requestCycle("three");
			}
		});
		this.discovery.requestCycle("test");
		this.scheduler.runDue();
		assertThat(cycles()).containsExactly("0 127.0.0.1/localnodes", "0 127.0.0.1/localnodes");
		this.scheduler.advance(Duration.ofMillis(999));
		assertThat(cycles()).hasSize(2);
	}

	@Test
	void aQuarantinedNodeIsProbedWhenItsBackoffEndsThenAfterADoubledBackoffAtMostThreeSecondsApart() {
		build();
		this.control.answer((uri) -> {
			if (uri.getPath().equals("/")) {
				throw new UncheckedIOException(new ConnectException("Connection refused"));
			}
			return new ControlClient.Response(200, FakeControl.json(NODES));
		});
		Node node = this.membership.topology().node(0);
		this.health.recordFailure(node, new ConnectException("Connection refused"), false, this.ticker.now());
		assertThat(node.health().snapshot().state()).isEqualTo(NodeState.QUARANTINED);
		this.scheduler.advance(Duration.ofSeconds(10));
		List<Long> probes = this.control.log("127.0.0.1/")
			.stream()
			.filter((line) -> !line.endsWith("/localnodes"))
			.map((line) -> Long.parseLong(line.substring(0, line.indexOf(' '))))
			.toList();
		// backoffs 1 s, 2 s, 4 s … (±15 % jitter) after each failed probe, probes at most
		// 3 s apart
		assertThat(probes).hasSizeBetween(3, 4);
		assertThat(probes.get(0)).isBetween(850L, 1150L);
		assertThat(probes.get(1) - probes.get(0)).isBetween(1700L, 2300L);
		assertThat(probes.get(2) - probes.get(1)).isBetween(2550L, 3450L);
		assertThat(node.health().snapshot().level()).isEqualTo(probes.size());
	}

	@Test
	void aPassingProbePutsTheNodeOnProbationAndEndsItsProbes() {
		build();
		Node node = this.membership.topology().node(0);
		this.health.recordFailure(node, new ConnectException("Connection refused"), false, this.ticker.now());
		this.scheduler.advance(Duration.ofSeconds(30));
		assertThat(node.state()).isEqualTo(NodeState.PROBATION);
		assertThat(this.control.log("127.0.0.1/")).hasSize(1);
		assertThat(this.health.probing()).isZero();
	}

	@Test
	void aQuarantineAsksForAtMostOneRefreshPerActiveInterval() {
		this.config = this.config.toBuilder().seedHosts(NODES).build();
		build();
		for (Node node : this.membership.topology().nodes()) {
			this.health.recordFailure(node, new ConnectException("Connection refused"), false, this.ticker.now());
		}
		this.scheduler.runDue();
		// one cycle asks each of the three seeds
		assertThat(cycles()).hasSize(3);
		assertThat(this.discovery.cycles(DiscoveryResult.Outcome.SUCCESS)).isOne();
	}

	@Test
	void probesKeepTheirScheduleWhileDiscoveryIsStuck() throws Exception {
		ExecutorService worker = Executors.newSingleThreadExecutor();
		this.executors.add(worker);
		build(worker);
		CountDownLatch stuck = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.control.answer((uri) -> {
			if (uri.getPath().equals("/localnodes")) {
				stuck.countDown();
				try {
					release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return new ControlClient.Response(200, FakeControl.json(NODES));
			}
			throw new UncheckedIOException(new IOException("still down"));
		});
		this.discovery.requestCycle("test");
		this.scheduler.runDue();
		assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
		Node node = this.membership.topology().node(0);
		this.health.recordFailure(node, new ConnectException("Connection refused"), false, this.ticker.now());
		this.scheduler.advance(Duration.ofSeconds(8));
		assertThat(this.control.log("127.0.0.1/").stream().filter((line) -> !line.endsWith("/localnodes"))).hasSize(3);
		release.countDown();
	}

	@Test
	void aStoppedDirectoryRunsNoCycleOrProbeAndStartsAgainWithACycleNow() {
		build();
		this.discovery.requestCycle("test");
		this.scheduler.runDue();
		Node node = this.membership.topology().node(1);
		this.health.recordFailure(node, new ConnectException("Connection refused"), false, this.ticker.now());
		this.control.clearLog();
		this.discovery.stopped(true);
		this.health.stopped(true);
		this.activity.stopped(true);
		this.scheduler.advance(Duration.ofSeconds(120));
		assertThat(this.control.log()).isEmpty();
		this.activity.stopped(false);
		this.health.stopped(false);
		this.discovery.stopped(false);
		this.scheduler.runDue();
		assertThat(this.control.log()).containsExactlyInAnyOrder("120000 127.0.0.1/localnodes", "120000 127.0.0.2/");
		assertThat(node.state()).isEqualTo(NodeState.PROBATION);
		this.activity.mark();
		this.scheduler.advance(Duration.ofSeconds(1));
		// the request woke discovery from its idle interval, then cycles follow every
		// second
		assertThat(cycles()).containsExactly("120000 127.0.0.1/localnodes", "120000 127.0.0.1/localnodes",
				"121000 127.0.0.1/localnodes");
	}

	@Test
	void theClusterCountsAsReachedOnlyOnceANodeAnswered() {
		build();
		this.control.answer((uri) -> {
			throw new UncheckedIOException(new ConnectException("Connection refused"));
		});
		this.discovery.requestCycle("test");
		this.scheduler.advance(Duration.ofSeconds(5));
		assertThat(this.membership.reached()).isFalse();
		assertThat(this.discovery.lastResult().outcome()).isEqualTo(DiscoveryResult.Outcome.FAILED);
		assertThat(this.discovery.lastResult().message()).contains("Connection refused");
		Node node = this.membership.topology().node(0);
		this.health.recordAnswer(node, 500, this.ticker.now());
		assertThat(this.membership.reached()).isTrue();
		assertThat(node.attempts(AttemptOutcome.SERVER_ERROR)).isOne();
	}

}
