package dev.alternator.spring.autoconfigure.testcontainers;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import dev.alternator.client.internal.placement.ClusterNode;
import dev.alternator.client.internal.placement.ClusterTopology;
import dev.alternator.client.internal.placement.CqlNames;
import dev.alternator.client.internal.placement.KeyspaceSchema;
import dev.alternator.client.internal.placement.PartitionToken;
import dev.alternator.client.internal.placement.ReplicaPlacement;
import dev.alternator.client.internal.placement.SystemTable;
import dev.alternator.client.internal.placement.SystemTableReader;
import dev.alternator.client.internal.placement.TableRead;
import dev.alternator.client.internal.placement.TabletPlacement;
import dev.alternator.client.internal.placement.VnodePlacement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.scylladb.ScyllaDBContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What replica-aware routing computes, checked against a real ScyllaDB over CQL: the
 * client's token of every key equals CQL's {@code token(pk)} of its row, and the replicas
 * its placement model finds (read through the DynamoDB API alone, as the client reads
 * them) equal the server's: {@code system.tablets} for a tablets table, the CQL driver's
 * token map for a vnodes table. Keys are {@code S} (CQL {@code text}, multi-byte UTF-8
 * included), {@code N} ({@code decimal}: the exact string sent, scale kept) and {@code B}
 * ({@code blob}). Skipped without Docker; with Docker, a container that does not start
 * fails the class.
 */
@Testcontainers(disabledWithoutDocker = true)
class ReplicaPlacementAgainstCqlIntegrationTests {

	private static final int KEYS = 1000;

	private static final String HASH_KEY = "pk";

	/** Alternator's tag choosing a new table's placement: a number for tablets. */
	private static final String INITIAL_TABLETS_TAG = "system:initial_tablets";

	private static final List<ScalarAttributeType> KEY_TYPES = List.of(ScalarAttributeType.S, ScalarAttributeType.N,
			ScalarAttributeType.B);

	@Container
	static final ScyllaDBContainer scylla = new ScyllaDBContainer(ScyllaDbTestImage.IMAGE).withAlternator();

	private static DynamoDbClient client;

	private static CqlSession session;

	/** The keys written, by table, each with the attribute value sent. */
	private static final Map<String, List<AttributeValue>> written = new HashMap<>();

	/**
	 * How a table is placed: chosen at creation by {@value #INITIAL_TABLETS_TAG}.
	 */
	enum Layout {

		VNODES("none"), TABLETS("4");

		final String initialTablets;

		Layout(String initialTablets) {
			this.initialTablets = initialTablets;
		}

		String table(ScalarAttributeType type) {
			return "placement_" + name().toLowerCase() + "_" + type.toString().toLowerCase();
		}

	}

	@BeforeAll
	static void writeKeys() {
		client = DynamoDbClient.builder()
			.endpointOverride(URI.create(scylla.getAlternatorEndpoint()))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("alternator", "secret")))
			.build();
		Random random = new Random(14);
		for (Layout layout : Layout.values()) {
			for (ScalarAttributeType type : KEY_TYPES) {
				String table = layout.table(type);
				client.createTable((t) -> t.tableName(table)
					.keySchema(KeySchemaElement.builder().attributeName(HASH_KEY).keyType(KeyType.HASH).build())
					.attributeDefinitions(
							AttributeDefinition.builder().attributeName(HASH_KEY).attributeType(type).build())
					.billingMode(BillingMode.PAY_PER_REQUEST)
					.tags(Tag.builder().key(INITIAL_TABLETS_TAG).value(layout.initialTablets).build()));
				client.waiter().waitUntilTableExists((t) -> t.tableName(table));
				// distinct keys as the server tells them apart: a number's scale counts
				Map<Object, AttributeValue> keys = new LinkedHashMap<>();
				while (keys.size() < KEYS / KEY_TYPES.size() + 1) {
					AttributeValue key = randomKey(type, random);
					keys.put(cqlValue(key), key);
				}
				for (AttributeValue key : keys.values()) {
					client
						.putItem((r) -> r.tableName(table).item(Map.of(HASH_KEY, key, "v", AttributeValue.fromS("x"))));
				}
				written.put(table, List.copyOf(keys.values()));
			}
		}
		// after the tables exist: the driver's token map knows their keyspaces from the
		// start
		String datacenter = topology().nodes().get(0).datacenter();
		session = CqlSession.builder()
			.addContactPoint(scylla.getContactPoint())
			.withLocalDatacenter(datacenter)
			.build();
	}

	@AfterAll
	static void close() {
		if (session != null) {
			session.close();
		}
		if (client != null) {
			client.close();
		}
	}

	@ParameterizedTest
	@EnumSource(Layout.class)
	void clientTokensEqualCqlTokens(Layout layout) {
		for (ScalarAttributeType type : KEY_TYPES) {
			String table = layout.table(type);
			Map<Object, Long> cqlTokens = new HashMap<>();
			for (Row row : session.execute("SELECT \"" + HASH_KEY + "\", token(\"" + HASH_KEY + "\") FROM \""
					+ CqlNames.keyspace(table) + "\".\"" + table + "\"")) {
				cqlTokens.put(cqlValue(type, row), row.getLong(1));
			}
			List<AttributeValue> keys = written.get(table);
			assertThat(cqlTokens).as("rows of %s", table).hasSameSizeAs(keys);
			for (AttributeValue key : keys) {
				assertThat(PartitionToken.of(key)).as("token of %s in %s", key, table)
					.isEqualTo(cqlTokens.get(cqlValue(key)));
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Layout.class)
	void clientReplicasEqualTheServersView(Layout layout) {
		ClusterTopology topology = topology();
		for (ScalarAttributeType type : KEY_TYPES) {
			String table = layout.table(type);
			String keyspace = CqlNames.keyspace(table);
			KeyspaceSchema schema = KeyspaceSchema.parse(rows(reader().query(SystemTable.KEYSPACES, keyspace)).get(0),
					rows(reader().query(SystemTable.SCYLLA_KEYSPACES, keyspace)).stream().findFirst().orElse(null));
			assertThat(schema.tablets()).as("%s uses tablets", table).isEqualTo(layout == Layout.TABLETS);
			UUID tableId = UUID.fromString(client.describeTable((r) -> r.tableName(table)).table().tableId());
			Row schemaRow = session
				.execute("SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?", keyspace,
						table)
				.one();
			assertThat(schemaRow).isNotNull();
			assertThat(schemaRow.getUuid("id")).as("TableId of %s", table).isEqualTo(tableId);
			ReplicaPlacement placement = (schema.tablets()) ? TabletPlacement.read(tableId,
					(id) -> rows(reader().query(SystemTable.TABLETS, id.toString())), topology)
					: VnodePlacement.of(topology, schema.replication());
			ServerView server = (schema.tablets()) ? new TabletView(tableId) : new RingView(keyspace);
			for (AttributeValue key : written.get(table)) {
				long token = PartitionToken.of(key);
				Set<UUID> expected = server.replicas(token);
				assertThat(expected).as("server replicas of %s", key).isNotEmpty();
				assertThat(placement.replicas(token)).as("replicas of %s (token %d) in %s", key, token, table)
					.extracting(ClusterNode::hostId)
					.containsExactlyInAnyOrderElementsOf(expected);
			}
		}
	}

	/** The server's replicas of a token, by host id, read over CQL. */
	private interface ServerView {

		Set<UUID> replicas(long token);

	}

	/**
	 * {@code system.tablets}: the first tablet whose last token is at least the token.
	 */
	private static final class TabletView implements ServerView {

		private final TreeMap<Long, Set<UUID>> byLastToken = new TreeMap<>();

		TabletView(UUID tableId) {
			for (Row row : session.execute("SELECT last_token, replicas FROM system.tablets WHERE table_id = ?",
					tableId)) {
				List<TupleValue> replicas = row.getList("replicas", TupleValue.class);
				assertThat(replicas).isNotNull();
				this.byLastToken.put(row.getLong("last_token"),
						replicas.stream().map((replica) -> replica.getUuid(0)).collect(Collectors.toSet()));
			}
			assertThat(this.byLastToken).as("tablets of %s", tableId).isNotEmpty();
		}

		@Override
		public Set<UUID> replicas(long token) {
			Map.Entry<Long, Set<UUID>> tablet = this.byLastToken.ceilingEntry(token);
			assertThat(tablet).as("tablet of token %d", token).isNotNull();
			return tablet.getValue();
		}

	}

	/**
	 * The CQL driver's token map: the ring and the keyspace's replication strategy.
	 */
	private static final class RingView implements ServerView {

		private final TokenMap tokenMap;

		private final CqlIdentifier keyspace;

		RingView(String keyspace) {
			this.tokenMap = session.getMetadata().getTokenMap().orElseThrow();
			this.keyspace = CqlIdentifier.fromInternal(keyspace);
		}

		@Override
		public Set<UUID> replicas(long token) {
			Set<UUID> hostIds = new HashSet<>();
			for (Node node : this.tokenMap.getReplicas(this.keyspace, this.tokenMap.parse(Long.toString(token)))) {
				hostIds.add(node.getHostId());
			}
			return hostIds;
		}

	}

	private static ClusterTopology topology() {
		return ClusterTopology.parse(rows(reader().scan(SystemTable.LOCAL)), rows(reader().scan(SystemTable.PEERS)));
	}

	private static SystemTableReader reader() {
		return new SystemTableReader(client::scan, client::query, 100_000);
	}

	private static List<Map<String, AttributeValue>> rows(TableRead read) {
		assertThat(read).as("%s", read).isInstanceOf(TableRead.Rows.class);
		return ((TableRead.Rows) read).items();
	}

	/**
	 * A key as its CQL column reads back: a string, a {@link BigDecimal} with the scale
	 * the number was written with ({@code equals} tells {@code 42} and {@code 42.0}
	 * apart, as the server does), or the bytes.
	 */
	private static Object cqlValue(AttributeValue key) {
		if (key.s() != null) {
			return key.s();
		}
		if (key.n() != null) {
			return new BigDecimal(key.n());
		}
		return ByteBuffer.wrap(key.b().asByteArray());
	}

	private static Object cqlValue(ScalarAttributeType type, Row row) {
		return switch (type) {
			case S -> row.getString(0);
			case N -> row.getBigDecimal(0);
			default -> row.getByteBuffer(0);
		};
	}

	private static AttributeValue randomKey(ScalarAttributeType type, Random random) {
		return switch (type) {
			case S -> AttributeValue.fromS("key-" + random.nextLong() + ((random.nextBoolean()) ? "-é€😀" : ""));
			case N -> AttributeValue.fromN(((random.nextBoolean()) ? "-" : "") + random.nextInt(1_000_000)
					+ ((random.nextBoolean()) ? "." + random.nextInt(1000) : "")
					+ ((random.nextBoolean()) ? "E" + (random.nextInt(20) - 10) : ""));
			default -> {
				byte[] bytes = new byte[1 + random.nextInt(40)];
				random.nextBytes(bytes);
				yield AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
			}
		};
	}

}
