package dev.alternator.benchmarks;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ChartsTests {

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	@TempDir
	Path directory;

	@Test
	void eachChartIsWrittenAsANonEmptyPngFromASavedOutput() throws Exception {
		Charts.main(new String[] { "--out", this.directory.toString(), RunnerOutputTests.sample().toString() });
		for (String name : List.of(Charts.KILL_TIMELINE, Charts.SLOW_TIMELINE, Charts.CPU_PER_REQUEST)) {
			Path file = this.directory.resolve(name);
			byte[] bytes = Files.readAllBytes(file);
			assertThat(bytes).hasSizeGreaterThan(5_000);
			assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
			BufferedImage image = ImageIO.read(file.toFile());
			assertThat(image.getWidth()).isEqualTo(1000);
			assertThat(image.getHeight()).isBetween(450, 700);
		}
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
	void chartsRunHeadless() throws Exception {
		assertThat(Charts.writeAll(RunnerOutput.parse(List.of()), this.directory)).isEmpty();
		assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
	}

}
