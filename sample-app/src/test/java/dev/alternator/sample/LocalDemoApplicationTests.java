package dev.alternator.sample;

import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.testsupport.LocalAlternatorCluster;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalDemoApplication}.
 */
class LocalDemoApplicationTests {

	@Test
	void closingTheApplicationStopsTheClusterAfterTheNodeDirectory() {
		ConfigurableApplicationContext context = LocalDemoApplication.run(0, "--server.port=0",
				"--spring.main.banner-mode=off", "--logging.level.root=warn",
				"--logging.level.alternator.testsupport.cluster=info");
		LocalAlternatorCluster cluster = context.getBean(LocalAlternatorCluster.class);
		AlternatorNodeDirectory directory = context.getBean(AlternatorNodeDirectory.class);
		Logger clusterLogger = (Logger) LoggerFactory.getLogger("alternator.testsupport.cluster");
		AtomicReference<Boolean> directoryClosedWhenClusterStopped = new AtomicReference<>();
		AppenderBase<ILoggingEvent> probe = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				if (event.getFormattedMessage().contains(" stopped ")) {
					directoryClosedWhenClusterStopped.set(directory.isClosed());
				}
			}
		};
		probe.start();
		clusterLogger.addAppender(probe);
		try {
			assertThat(cluster.isClosed()).isFalse();
			context.close();
			assertThat(cluster.isClosed()).isTrue();
			assertThat(directoryClosedWhenClusterStopped).hasValue(true);
		}
		finally {
			clusterLogger.detachAppender(probe);
			cluster.close();
		}
	}

}
