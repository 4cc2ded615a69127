package dev.alternator.testsupport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalAlternatorClusterTests {

	private static LocalAlternatorCluster cluster;

	@BeforeAll
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	static void startCluster() {
		cluster = LocalAlternatorCluster.builder()
			.node("dc1", "rack1")
			.node("dc1", "rack2")
			.node("dc2", "rack1")
			.node("dc 3&x", "r=1/ü")
			.start();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void clearFaults() {
		for (LocalAlternatorNode node : cluster.nodes()) {
			node.clearFaults();
			node.resetStats();
		}
	}

	@Test
	void nodesShareOnePortOnConsecutiveLoopbackAddresses() {
		assertThat(cluster.port()).isPositive();
		assertThat(cluster.seedHosts()).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
		assertThat(cluster.nodes()).allSatisfy((node) -> {
			assertThat(node.port()).isEqualTo(cluster.port());
			assertThat(node.endpoint()).isEqualTo(URI.create("http://" + node.address() + ":" + cluster.port()));
			assertThat(node.isUp()).isTrue();
		});
		assertThat(cluster.node(2).datacenter()).isEqualTo("dc2");
		assertThat(cluster.node(1).rack()).isEqualTo("rack2");
		assertThat(cluster.node("127.0.0.2")).isSameAs(cluster.node(1));
		assertThat(cluster.dynamoDbEndpoint().getHost()).isEqualTo("127.0.0.1");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> cluster.node("127.0.0.99"));
	}

	@Test
	void healthAnswersWithTheHostHeaderExactly() throws IOException {
		LocalAlternatorNode node = cluster.node(1);
		RawHttp.Response response = RawHttp.get(node, "/");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
		assertThat(response.text()).isEqualTo("healthy: 127.0.0.2:" + cluster.port());
		RawHttp.Response custom = RawHttp.exchange(node, "GET", "/", List.of(new Header("Host", "example.com:1234")),
				new byte[0]);
		assertThat(custom.text()).isEqualTo("healthy: example.com:1234");
		assertThat(node.stats().healthRequests()).isEqualTo(2);
	}

	@Test
	void localNodesListsUpNodesOfTheContactedNodesDatacenter() throws IOException {
		RawHttp.Response response = RawHttp.get(cluster.node(0), "/localnodes");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.text()).doesNotContain(" ").startsWith("[\"").endsWith("\"]");
		assertThat(TestClients.sortedStrings(response.text())).containsExactly("127.0.0.1", "127.0.0.2");
		assertThat(TestClients.sortedStrings(RawHttp.get(cluster.node(2), "/localnodes").text()))
			.containsExactly("127.0.0.3");
		assertThat(TestClients.sortedStrings(RawHttp.get(cluster.node(0), "/localnodes?dc=").text()))
			.containsExactly("127.0.0.1", "127.0.0.2");
	}

	@Test
	void localNodesFiltersByDatacenterAndRack() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		assertThat(TestClients.sortedStrings(RawHttp.get(node, "/localnodes?dc=dc2").text()))
			.containsExactly("127.0.0.3");
		assertThat(TestClients.sortedStrings(RawHttp.get(node, "/localnodes?rack=rack2").text()))
			.containsExactly("127.0.0.2");
		assertThat(TestClients.sortedStrings(RawHttp.get(node, "/localnodes?dc=dc1&rack=rack1").text()))
			.containsExactly("127.0.0.1");
		assertThat(TestClients.sortedStrings(RawHttp.get(node, "/localnodes?rack=rack1&dc=dc2").text()))
			.containsExactly("127.0.0.3");
	}

	@Test
	void localNodesAnswersAnEmptyArrayForUnknownDatacenterOrRack() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		RawHttp.Response unknownDc = RawHttp.get(node, "/localnodes?dc=nowhere");
		assertThat(unknownDc.status()).isEqualTo(200);
		assertThat(unknownDc.text()).isEqualTo("[]");
		assertThat(RawHttp.get(node, "/localnodes?rack=nowhere").text()).isEqualTo("[]");
		assertThat(RawHttp.get(node, "/localnodes?dc=dc2&rack=rack2").text()).isEqualTo("[]");
	}

	@Test
	void localNodesPercentDecodesQueryValues() throws IOException {
		String query = "/localnodes?dc=dc%203%26x&rack=r%3D1%2F%C3%BC";
		assertThat(RawHttp.get(cluster.node(0), query).text()).isEqualTo("[\"127.0.0.4\"]");
		assertThat(RawHttp.get(cluster.node(0), "/localnodes?dc=dc+3%26x").text()).isEqualTo("[\"127.0.0.4\"]");
	}

	@Test
	void localNodesExcludesDownRejectingAndUnlistedNodes() throws IOException {
		cluster.node(1).down();
		assertThat(RawHttp.get(cluster.node(0), "/localnodes").text()).isEqualTo("[\"127.0.0.1\"]");
		cluster.node(1).reject();
		assertThat(RawHttp.get(cluster.node(0), "/localnodes").text()).isEqualTo("[\"127.0.0.1\"]");
		cluster.node(1).up();
		assertThat(TestClients.sortedStrings(RawHttp.get(cluster.node(0), "/localnodes").text()))
			.containsExactly("127.0.0.1", "127.0.0.2");
		cluster.node(0).unlisted(true);
		assertThat(cluster.node(0).isListed()).isFalse();
		assertThat(RawHttp.get(cluster.node(0), "/localnodes").text()).isEqualTo("[\"127.0.0.2\"]");
		assertThat(RawHttp.get(cluster.node(0), "/").status()).isEqualTo(200);
	}

	@Test
	void tableWrittenThroughOneNodeIsReadableThroughAnother() {
		try (DynamoDbClient first = TestClients.dynamoDb(cluster.node(0).endpoint());
				DynamoDbClient second = TestClients.dynamoDb(cluster.node(1).endpoint())) {
			String table = TestClients.createTable(first);
			first.putItem((request) -> request.tableName(table)
				.item(Map.of("id", AttributeValue.fromS("k1"), "value", AttributeValue.fromS("v1"))));
			GetItemResponse item = second
				.getItem((request) -> request.tableName(table).key(Map.of("id", AttributeValue.fromS("k1"))));
			assertThat(item.item()).containsEntry("value", AttributeValue.fromS("v1"));
			second.deleteItem((request) -> request.tableName(table).key(Map.of("id", AttributeValue.fromS("k1"))));
			assertThat(
					first.getItem((request) -> request.tableName(table).key(Map.of("id", AttributeValue.fromS("k1"))))
						.hasItem())
				.isFalse();
			assertThat(second.listTables().tableNames()).contains(table);
		}
		assertThat(cluster.node(0).stats().requests("CreateTable")).isEqualTo(1);
		assertThat(cluster.node(0).stats().requests("PutItem")).isEqualTo(1);
		assertThat(cluster.node(1).stats().requests("GetItem")).isEqualTo(1);
		RecordedRequest put = cluster.node(0)
			.requests()
			.stream()
			.filter((request) -> "PutItem".equals(request.operation()))
			.findFirst()
			.orElseThrow();
		assertThat(put.header("authorization")).as("anonymous requests are unsigned").isNull();
		assertThat(put.forwarded()).isTrue();
		assertThat(put.status()).isEqualTo(200);
		assertThat(put.signatureValid()).isNull();
	}

	@Test
	void unknownPathsAnswerNotFoundWithASmallJsonBody() throws IOException {
		RawHttp.Response response = RawHttp.get(cluster.node(0), "/other");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.text()).isEqualTo("{\"message\":\"Not found\",\"code\":404}");
		assertThat(RawHttp.exchange(cluster.node(0), "PUT", "/", List.of(), new byte[0]).status()).isEqualTo(404);
		assertThat(RawHttp.exchange(cluster.node(0), "POST", "/localnodes", List.of(), new byte[0]).status())
			.isEqualTo(404);
	}

	@Test
	void addedNodeServesAtTheNextAddressAndRemovedNodeStops() throws IOException {
		LocalAlternatorNode added = cluster.addNode("dc1", "rack3");
		try {
			// the first address above every address the cluster used so far
			assertThat(lastOctet(added)).isGreaterThan(4);
			assertThat(added.port()).isEqualTo(cluster.port());
			assertThat(RawHttp.get(added, "/").text()).isEqualTo("healthy: " + added.address() + ":" + cluster.port());
			assertThat(TestClients.sortedStrings(RawHttp.get(cluster.node(0), "/localnodes").text()))
				.containsExactly("127.0.0.1", "127.0.0.2", added.address());
			assertThat(cluster.seedHosts()).endsWith(added.address());
		}
		finally {
			cluster.removeNode(added);
		}
		assertThat(added.isUp()).isFalse();
		assertThat(cluster.seedHosts()).doesNotContain(added.address());
		assertThat(TestClients.sortedStrings(RawHttp.get(cluster.node(0), "/localnodes").text()))
			.containsExactly("127.0.0.1", "127.0.0.2");
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(added));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(added::up);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> cluster.removeNode(added));
		assertThat(added.stats().healthRequests()).isEqualTo(1);
	}

	@Test
	void addressesOfRemovedNodesAreNotReused() {
		assertThat(cluster.seedHosts()).hasSize(4);
		LocalAlternatorNode first = cluster.addNode("dc1", "rack1");
		cluster.removeNode(first);
		LocalAlternatorNode second = cluster.addNode("dc1", "rack1");
		cluster.removeNode(second);
		assertThat(lastOctet(second)).isEqualTo(lastOctet(first) + 1);
	}

	private static int lastOctet(LocalAlternatorNode node) {
		assertThat(node.address()).startsWith("127.0.0.");
		return Integer.parseInt(node.address().substring("127.0.0.".length()));
	}

	private static void connect(LocalAlternatorNode node) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(node.address(), node.port()), 2_000);
		}
	}

}
