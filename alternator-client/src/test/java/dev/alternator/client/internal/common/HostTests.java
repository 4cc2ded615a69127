package dev.alternator.client.internal.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Host}.
 */
class HostTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			10.0.0.1                 | IPV4 | 10.0.0.1
			0.0.0.0                  | IPV4 | 0.0.0.0
			255.255.255.255          | IPV4 | 255.255.255.255
			::1                      | IPV6 | [::1]
			[::1]                    | IPV6 | [::1]
			::                       | IPV6 | [::]
			FE80::2                  | IPV6 | [FE80::2]
			[2001:DB8::1]            | IPV6 | [2001:DB8::1]
			::ffff:10.0.0.1          | IPV6 | [::ffff:10.0.0.1]
			1:2:3:4:5:6:7:8          | IPV6 | [1:2:3:4:5:6:7:8]
			1:2:3:4:5:6:7::          | IPV6 | [1:2:3:4:5:6:7::]
			localhost                | NAME | localhost
			Node-A.Example.COM       | NAME | Node-A.Example.COM
			node1.example.com.       | NAME | node1.example.com.
			a-b.c                    | NAME | a-b.c
			1a                       | NAME | 1a
			10.0.0.1a.example        | NAME | 10.0.0.1a.example
			""")
	void acceptsIpLiteralsAndHostNames(String text, Host.Kind kind, String uriForm) {
		Host host = Host.parse(text);
		assertThat(host.kind()).isEqualTo(kind);
		assertThat(host.uriForm()).isEqualTo(uriForm);
		assertThat(host.isIpLiteral()).isEqualTo(kind != Host.Kind.NAME);
		assertThat(Host.isIpLiteral(text)).isEqualTo(kind != Host.Kind.NAME);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "bad host", "10.0.0.1:8000", "[::1", "::1]", "[]", "[10.0.0.1]", "1::2::3",
			"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::", "12345::abcde", "fe80::1%eth0", "[fe80::1%25eth0]", "a_b",
			"-a", "a-", "a-.b", "a..b", ".a", "12345", "1.2.3", "010.0.0.1", "256.0.0.1", "999.1.1.1", "1.2.3.4.5",
			"node.1a", "http://a", "a/b", "user@a", "ä.example", "a\u0000b" })
	void rejectsEverythingElse(String text) {
		assertThat(Host.parseOrNull(text)).isNull();
		assertThat(Host.isIpLiteral(text)).isFalse();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Host.parse(text))
			.withMessageContaining("not a valid host name or IP address: '" + text + "'");
	}

	@Test
	void labelAndNameLengthsAreBounded() {
		String label63 = "a".repeat(63);
		assertThat(Host.parseOrNull(label63)).isNotNull();
		assertThat(Host.parseOrNull(label63 + "a")).isNull();
		String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
		assertThat(Host.parseOrNull(name253)).isNotNull();
		assertThat(Host.parseOrNull(name253 + "a")).isNull();
	}

	@Test
	void rejectionsSayWhatIsWrong() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Host.parse("fe80::1%eth0"))
			.withMessageContaining("IPv6 zone ids such as '%eth0' are not supported");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Host.parse("999.1.1.1"))
			.withMessageContaining("four decimal parts 0-255");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Host.parse("1::2::3"))
			.withMessageContaining("invalid IPv6 address");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Host.parse("a-.b"))
			.withMessageContaining("inner hyphens");
	}

	@Test
	void ipLiteralsHaveAnAddressAndNamesNone() throws Exception {
		assertThat(Host.parse("10.0.0.1").address()).isInstanceOf(Inet4Address.class)
			.isEqualTo(InetAddress.getByAddress(new byte[] { 10, 0, 0, 1 }));
		assertThat(Host.parse("[2001:DB8::1]").address()).isInstanceOf(Inet6Address.class)
			.isEqualTo(Host.parse("2001:db8:0:0:0:0:0:1").address());
		assertThat(Host.parse("node.example.com").address()).isNull();
	}

	@Test
	void canonicalFormIsTheLowerCaseUriForm() {
		assertThat(Host.parse("FE80::2").canonical()).isEqualTo("[fe80::2]");
		assertThat(Host.parse("Node-A.Example.COM").canonical()).isEqualTo("node-a.example.com");
		assertThat(Host.parse("[FE80::2]")).isEqualTo(Host.parse("fe80::2"));
		assertThat(Host.parse("[FE80::2]").value()).isEqualTo("FE80::2");
	}

}
