package dev.alternator.spring.autoconfigure.docker.compose;

import dev.alternator.spring.autoconfigure.AlternatorConnectionDetails;
import dev.alternator.spring.autoconfigure.docker.compose.ScyllaDbDockerComposeConnectionDetailsFactory.ScyllaDbDockerComposeConnectionDetails;
import org.junit.jupiter.api.Test;

import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.RunningService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ScyllaDbDockerComposeConnectionDetailsFactory}.
 */
class ScyllaDbDockerComposeConnectionDetailsFactoryTests {

	@Test
	void seedIsTheDockerHostOnThePortPublishedForAlternatorWithDiscoveryOn() {
		RunningService service = mock(RunningService.class);
		ConnectionPorts ports = mock(ConnectionPorts.class);
		given(service.host()).willReturn("127.0.0.1");
		given(service.ports()).willReturn(ports);
		given(ports.get(8000)).willReturn(18000);
		AlternatorConnectionDetails details = new ScyllaDbDockerComposeConnectionDetails(service);
		assertThat(details.getSeedHosts()).containsExactly("127.0.0.1");
		assertThat(details.getPort()).isEqualTo(18000);
		assertThat(details.getScheme()).isEqualTo("http");
		assertThat(details.isDiscoveryEnabled()).isTrue();
		assertThat(details.getDatacenter()).isNull();
		assertThat(details.getRack()).isNull();
		assertThat(details.getSslBundleName()).isNull();
	}

}
