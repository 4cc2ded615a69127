package dev.alternator.client.internal.node;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeTests {

	private final HealthPolicy policy = new HealthPolicy(5, Duration.ofSeconds(1).toNanos(),
			Duration.ofSeconds(60).toNanos(), new SplittableRandom(3));

	@Test
	void ipv6AddressesAreBracketedInTheEndpoint() {
		Node node = new Node("2001:db8::1", "http", 8000, this.policy);
		assertThat(node.endpoint()).hasToString("http://[2001:db8::1]:8000");
		assertThat(node.uriHost()).isEqualTo("[2001:db8::1]");
		assertThat(node.key()).isEqualTo("[2001:db8::1]");
		assertThat(node.canonical()).isEqualTo("http://[2001:db8::1]:8000");
	}

	@Test
	void hostNamesAreKeptAndCanonicalizedInLowerCase() {
		Node node = new Node("Scylla-1.Example.com", "https", 443, this.policy);
		assertThat(node.address()).isEqualTo("Scylla-1.Example.com");
		assertThat(node.canonical()).isEqualTo("https://scylla-1.example.com");
		assertThat(node.key()).isEqualTo("scylla-1.example.com");
	}

}
