package dev.alternator.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DynaliteInstallerTests {

	@TempDir
	Path directory;

	@Test
	void existingInstallationIsUsedWithoutRunningNpm() throws IOException {
		DynaliteInstaller installer = new DynaliteInstaller(this.directory, "/nonexistent/npm", Duration.ofSeconds(5));
		Files.createDirectories(installer.cli().getParent());
		Files.writeString(installer.cli(), "// cli");
		assertThat(installer.ensureInstalled()).isEqualTo(this.directory.resolve("node_modules/dynalite/cli.js"));
	}

	@Test
	void missingNpmFailsWithAMessageNamingNodeJs() {
		DynaliteInstaller installer = new DynaliteInstaller(this.directory.resolve("dynalite"), "/nonexistent/npm",
				Duration.ofSeconds(5));
		assertThatExceptionOfType(IOException.class).isThrownBy(installer::ensureInstalled)
			.withMessageContaining("Node.js (with npm)")
			.withMessageContaining(DynaliteInstaller.DIRECTORY_PROPERTY);
	}

	@Test
	void failingNpmReportsItsExitCodeAndOutput() throws IOException {
		Path fakeNpm = this.directory.resolve("fake-npm");
		Files.writeString(fakeNpm, "#!/bin/sh\necho 'registry unreachable' >&2\nexit 3\n");
		assertThat(fakeNpm.toFile().setExecutable(true)).isTrue();
		DynaliteInstaller installer = new DynaliteInstaller(this.directory.resolve("dynalite"), fakeNpm.toString(),
				Duration.ofSeconds(30));
		assertThatExceptionOfType(IOException.class).isThrownBy(installer::ensureInstalled)
			.withMessageContaining("exit code 3")
			.withMessageContaining("registry unreachable");
	}

	@Test
	void hangingNpmIsStoppedAfterTheTimeout() throws IOException {
		Path fakeNpm = this.directory.resolve("slow-npm");
		Files.writeString(fakeNpm, "#!/bin/sh\nexec sleep 30\n");
		assertThat(fakeNpm.toFile().setExecutable(true)).isTrue();
		DynaliteInstaller installer = new DynaliteInstaller(this.directory.resolve("dynalite"), fakeNpm.toString(),
				Duration.ofMillis(500));
		assertThatExceptionOfType(IOException.class).isThrownBy(installer::ensureInstalled)
			.withMessageContaining("did not finish within");
	}

	@Test
	void defaultDirectoryIsTheUserCacheUnlessConfigured() {
		String previous = System.getProperty(DynaliteInstaller.DIRECTORY_PROPERTY);
		try {
			System.clearProperty(DynaliteInstaller.DIRECTORY_PROPERTY);
			assertThat(DynaliteInstaller.configured().directory()).isEqualTo(
					Path.of(System.getProperty("user.home"), ".cache", "alternator-test-support", "dynalite-4.0.0")
						.toAbsolutePath());
			System.setProperty(DynaliteInstaller.DIRECTORY_PROPERTY, this.directory.toString());
			assertThat(DynaliteInstaller.configured().directory()).isEqualTo(this.directory.toAbsolutePath());
		}
		finally {
			if (previous != null) {
				System.setProperty(DynaliteInstaller.DIRECTORY_PROPERTY, previous);
			}
			else {
				System.clearProperty(DynaliteInstaller.DIRECTORY_PROPERTY);
			}
		}
	}

}
