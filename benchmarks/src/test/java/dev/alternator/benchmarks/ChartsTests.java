package dev.alternator.benchmarks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ChartsTests {

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	@TempDir
	Path directory;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) throws Exception {
		return Charts.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	@Test
	void eachChartIsWrittenAsANonEmptyPngFromASavedOutput() throws Exception {
		assertThat(run("--out", this.directory.toString(), RunnerOutputTests.sample().toString())).isZero();
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEmpty();
		for (String name : List.of(Charts.KILL_TIMELINE, Charts.SLOW_TIMELINE, Charts.CPU_PER_REQUEST)) {
			Path file = this.directory.resolve(name);
			assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("wrote " + file);
			byte[] bytes = Files.readAllBytes(file);
			assertThat(bytes).hasSizeGreaterThan(5_000);
			assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
			BufferedImage image = ImageIO.read(file.toFile());
			assertThat(image.getWidth()).isEqualTo(1000);
			assertThat(image.getHeight()).isBetween(450, 700);
		}
	}

	@Test
	void outputLackingAChartsLinesFailsNamingThemAndTheOtherChartsAreStillDrawn() throws Exception {
		Path saved = this.directory.resolve("cpu-and-half-a-kill.txt");
		Files.write(saved,
				List.of("run-info,2026-12-05T12:00:00Z,2,17.0.15", "cpu-round,1,plain,108.00,11000.0",
						"cpu-round,1,sync,120.00,9800.0", "kill-timeline,sync,-250,2300,0,8.25",
						"kill-timeline,sync,0,2200,0,9.50"));
		assertThat(run("--out", this.directory.toString(), saved.toString())).isEqualTo(1);
		String err = this.err.toString(StandardCharsets.UTF_8);
		assertThat(err).contains(Charts.KILL_TIMELINE + " not drawn: the output has no kill-timeline lines for "
				+ "plain-at-killed-node (load runner --scenarios kill");
		assertThat(err).contains(Charts.SLOW_TIMELINE + " not drawn: the output has no slow-timeline lines for "
				+ "LATENCY_AWARE and ROUND_ROBIN (load runner --scenarios slow");
		assertThat(err).doesNotContain(Charts.CPU_PER_REQUEST);
		assertThat(this.directory.resolve(Charts.CPU_PER_REQUEST)).isNotEmptyFile();
		assertThat(this.directory.resolve(Charts.KILL_TIMELINE)).doesNotExist();
		assertThat(this.directory.resolve(Charts.SLOW_TIMELINE)).doesNotExist();
	}

	@Test
	void outputWithoutCpuRoundsFailsNamingThem() throws Exception {
		Charts.Drawn drawn = Charts.draw(RunnerOutput.parse(List.of("run-info,2026-12-05T12:00:00Z,2,17.0.15")),
				this.directory, List.of("cpu"));
		assertThat(drawn.written()).isEmpty();
		assertThat(drawn.missing()).containsExactly(Charts.CPU_PER_REQUEST
				+ " not drawn: the output has no cpu-round lines (load runner --scenarios throughput, "
				+ "which prints one per client and round)");
	}

	@Test
	void onlyTheChartsAskedForAreDrawnAndNeedTheirLines() throws Exception {
		Path saved = this.directory.resolve("cpu.txt");
		Files.write(saved, List.of("cpu-round,1,plain,108.00,11000.0", "cpu-round,1,sync,120.00,9800.0"));
		assertThat(run("--charts", "cpu", "--out", this.directory.toString(), saved.toString())).isZero();
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(this.directory.resolve(Charts.CPU_PER_REQUEST)).isNotEmptyFile();
		assertThat(this.directory.resolve(Charts.KILL_TIMELINE)).doesNotExist();
	}

	@Test
	void unknownChartOptionOrNoOutputIsAUsageError() throws Exception {
		String sample = RunnerOutputTests.sample().toString();
		assertThat(run("--charts", "kill,latency", "--out", this.directory.toString(), sample)).isEqualTo(2);
		assertThat(run("--colour", "red", sample)).isEqualTo(2);
		assertThat(run("--out", this.directory.toString())).isEqualTo(2);
		assertThat(run(sample, "--out")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("unknown charts [latency]",
				"unknown option --colour", "--out needs a value", "usage: Charts");
		assertThat(this.directory.resolve(Charts.KILL_TIMELINE)).doesNotExist();
	}

	@Test
	void chartWhoseLinesAreMissingIsNotWritten() throws Exception {
		RunnerOutput output = RunnerOutput
			.parse(List.of("cpu-round,1,plain,108.00,11000.0", "cpu-round,1,sync,120.00,9800.0"));
		List<Path> written = Charts.writeAll(output, this.directory);
		assertThat(written).containsExactly(this.directory.resolve(Charts.CPU_PER_REQUEST));
		assertThat(this.directory.resolve(Charts.KILL_TIMELINE)).doesNotExist();
		assertThat(this.directory.resolve(Charts.SLOW_TIMELINE)).doesNotExist();
	}

	@Test
	void cpuWindowsFarAboveEveryMedianAreListedAboveTheScale() {
		JFreeChart chart = Charts.cpuPerRequest(RunnerOutput.parse(List.of("cpu-round,1,plain,640.00,2000.0",
				"cpu-round,1,sync,120.00,9800.0", "cpu-round,2,plain,100.00,11000.0", "cpu-round,2,sync,121.00,9700.0",
				"cpu-round,3,plain,101.00,11000.0", "cpu-round,3,sync,119.00,9900.0")));
		List<String> subtitles = new ArrayList<>();
		for (int i = 0; i < chart.getSubtitleCount(); i++) {
			if (chart.getSubtitle(i) instanceof TextTitle text) {
				subtitles.add(text.getText());
			}
		}
		assertThat(subtitles).contains("above the scale (240 µs): plain round 1 640 µs");
		assertThat(chart.getXYPlot().getRangeAxis().getUpperBound()).isEqualTo(240.0);
	}

	@Test
	void chartsRunHeadless() throws Exception {
		assertThat(Charts.writeAll(RunnerOutput.parse(List.of()), this.directory)).isEmpty();
		assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
	}

}
