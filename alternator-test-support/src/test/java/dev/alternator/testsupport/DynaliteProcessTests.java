package dev.alternator.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DynaliteProcessTests {

	@Test
	void dynaliteEndsWhenTheParentsEndOfItsStandardInputCloses() throws Exception {
		DynaliteProcess dynalite = DynaliteProcess.start(DynaliteInstaller.configured().ensureInstalled());
		try {
			assertThat(dynalite.isAlive()).isTrue();
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", dynalite.port()), 2_000);
			}
			dynalite.closeStandardInput();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (dynalite.isAlive() && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(dynalite.isAlive()).as("a JVM that dies leaves no dynalite behind").isFalse();
		}
		finally {
			dynalite.close();
		}
	}

	@Test
	void closeStopsTheProcess() throws IOException {
		DynaliteProcess dynalite = DynaliteProcess.start(DynaliteInstaller.configured().ensureInstalled());
		long pid = dynalite.pid();
		dynalite.close();
		assertThat(dynalite.isAlive()).isFalse();
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
		assertThat(dynalite.endpoint().toString()).isEqualTo("http://127.0.0.1:" + dynalite.port());
	}

}
