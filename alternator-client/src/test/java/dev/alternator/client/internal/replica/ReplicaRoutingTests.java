package dev.alternator.client.internal.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.ReplicaRoutingStatus;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.FakeScheduler;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Membership;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.placement.ClusterNode;
import dev.alternator.client.internal.placement.PartitionToken;
import dev.alternator.client.internal.placement.ReplicaPlacement;
import dev.alternator.client.internal.placement.SystemTable;
import dev.alternator.client.internal.placement.TableRead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background reads of replica-aware routing on virtual time, against a fake cluster
 * of six nodes {@code 127.0.0.1..6} over three racks (one vnode token each): every read
 * is logged with the virtual millisecond it was made at.
 */
class ReplicaRoutingTests {

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	private static final List<String> NODES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5",
			"127.0.0.6");

	private final FakeScheduler scheduler = new FakeScheduler();

	private final Ticker ticker = this.scheduler.ticker();

	private final FakeClusterReads reads = new FakeClusterReads(this.scheduler::millis)
		.node(1, "dc1", "r1", -6_000_000_000_000_000_000L)
		.node(2, "dc1", "r1", -4_000_000_000_000_000_000L)
		.node(3, "dc1", "r2", -2_000_000_000_000_000_000L)
		.node(4, "dc1", "r2", 0)
		.node(5, "dc1", "r3", 2_000_000_000_000_000_000L)
		.node(6, "dc1", "r3", 4_000_000_000_000_000_000L)
		.table("t", "pk");

	private final Membership membership = new Membership(
			AlternatorConfig.builder().seedHosts("127.0.0.1").build(), this.ticker, new HealthPolicy(5,
					Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(60).toNanos(), new SplittableRandom(1)),
			new EventDispatcher("alternator-test-events"));

	private final Logger logger = (Logger) LoggerFactory.getLogger("alternator");

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private ReplicaRouting routing = routing(ReplicaRouting.MAX_TABLES);

	private int counter;

	ReplicaRoutingTests() {
		this.logged.start();
		this.logger.addAppender(this.logged);
	}

	@AfterEach
	void stopCapture() {
		this.logger.detachAppender(this.logged);
		this.routing.close();
	}

	/** Jitter of exactly zero: backoffs are 1 s, 2 s, 4 s… */
	private static RandomGenerator noJitter() {
		return new RandomGenerator() {

			@Override
			public long nextLong() {
				return 0;
			}

			@Override
			public double nextDouble() {
				return 0.5;
			}

		};
	}

	private ReplicaRouting routing(int maxTables) {
		return new ReplicaRouting(this.reads, this.membership, this.ticker, noJitter(), INTERVAL, this.scheduler,
				this.scheduler, maxTables);
	}

	private void discover() {
		this.membership.publish(RoutingScope.cluster(), NODES);
	}

	private static GetItemRequest get(String table, AttributeValue key) {
		return GetItemRequest.builder().tableName(table).key(Map.of("pk", key)).build();
	}

	private QueryPlan plan(String table) {
		return this.routing.plan(get(table, AttributeValue.fromS("hello")), this.membership.topology(), this.counter++);
	}

	private List<String> replicasOfHello(String table) {
		ReplicaPlacement placement = this.routing.placement(table);
		assertThat(placement).isNotNull();
		return placement.replicas(PartitionToken.ofString("hello"))
			.stream()
			.map((node) -> node.rpcAddress().value())
			.toList();
	}

	private List<String> infos() {
		return this.logged.list.stream()
			.filter((event) -> event.getLevel() == Level.INFO)
			.map(ILoggingEvent::getFormattedMessage)
			.filter((message) -> message.startsWith("Replica-aware routing"))
			.toList();
	}

	private List<Long> timesOf(String read) {
		List<Long> times = new ArrayList<>();
		for (String line : this.reads.log()) {
			if (line.contains(" " + read)) {
				times.add(Long.parseLong(line.substring(0, line.indexOf(' '))));
			}
		}
		return times;
	}

	/** Uses table {@code t} every 10 s for a while. */
	private void useFor(Duration duration) {
		long steps = duration.toSeconds() / 10;
		for (long i = 0; i < steps; i++) {
			plan("t");
			this.scheduler.advance(Duration.ofSeconds(10));
		}
	}

	@Test
	void theFirstUseReadsTopologyAndPlacementInTheBackgroundThenRequestsStartAtAReplica() {
		discover();
		assertThat(plan("t")).isNull();
		assertThat(this.reads.log()).as("nothing is read on the request's thread").isEmpty();
		this.scheduler.runDue();
		assertThat(this.reads.log()).containsExactly("0 system.local 127.0.0.1", "0 system.peers 127.0.0.1",
				"0 describe t 127.0.0.1", "0 system_schema.keyspaces alternator_t 127.0.0.1",
				"0 system_schema.scylla_keyspaces alternator_t 127.0.0.1");
		List<String> replicas = replicasOfHello("t");
		assertThat(replicas).hasSize(3);
		for (int i = 0; i < 6; i++) {
			assertThat(plan("t").next().address()).isIn(replicas);
		}
		assertThat(this.routing.count(true)).isEqualTo(6);
		assertThat(this.routing.count(false)).isEqualTo(1);
		assertThat(this.routing.statuses()).containsExactly(new ReplicaRoutingStatus("t",
				ReplicaRoutingStatus.Placement.VNODES, null, Instant.parse("2026-01-01T00:00:00Z"), 6, 1));
		assertThat(infos()).isEmpty();
	}

	@Test
	void nothingIsReadWhileTheRoutingListIsTheSeedList() {
		assertThat(plan("t")).isNull();
		this.scheduler.advance(Duration.ofMinutes(5));
		assertThat(this.reads.log()).isEmpty();
		assertThat(this.routing.count(false)).isEqualTo(1);
		assertThat(this.routing.statuses()).isEmpty();
	}

	@Test
	void requestsThatAreNotSingleKeyAreNeitherRoutedNorCounted() {
		discover();
		assertThat(this.routing.plan(ScanRequest.builder().tableName("t").build(), this.membership.topology(), 0))
			.isNull();
		this.scheduler.runDue();
		assertThat(this.reads.log()).isEmpty();
		assertThat(this.routing.count(true) + this.routing.count(false)).isZero();
	}

	@Test
	void keysOfUnsupportedTypesAreMisses() {
		discover();
		plan("t");
		this.scheduler.runDue();
		assertThat(this.routing.plan(get("t", AttributeValue.fromBool(true)), this.membership.topology(), 0)).isNull();
		assertThat(this.routing.plan(get("t", AttributeValue.fromN("not a number")), this.membership.topology(), 0))
			.isNull();
		assertThat(this.routing.plan(get("t", AttributeValue.fromN("42")), this.membership.topology(), 0)).isNotNull();
		assertThat(this.routing.statuses().get(0).misses()).isEqualTo(3);
	}

	@Test
	void aUsedTableIsRefreshedEveryIntervalAndItsVnodePlacementIsRebuiltOnlyWhenTheTopologyChanged() {
		discover();
		plan("t");
		this.scheduler.runDue();
		ReplicaPlacement first = this.routing.placement("t");
		useFor(Duration.ofSeconds(60));
		assertThat(timesOf("system.local")).containsExactly(0L, 30_000L, 60_000L);
		assertThat(timesOf("describe t")).containsExactly(0L, 30_000L, 60_000L);
		assertThat(this.routing.placement("t")).isSameAs(first);
		this.reads.node(6, "dc1", "r3", 5_000_000_000_000_000_000L);
		useFor(Duration.ofSeconds(30));
		assertThat(this.routing.placement("t")).isNotSameAs(first);
		assertThat(this.routing.statuses().get(0).lastRefresh()).isEqualTo(Instant.parse("2026-01-01T00:01:30Z"));
	}

	@Test
	void aTableUnusedForAnIntervalIsNotRefreshedUntilItIsUsedAgain() {
		discover();
		plan("t");
		this.scheduler.runDue();
		this.reads.clearLog();
		this.scheduler.advance(Duration.ofMinutes(3));
		assertThat(this.reads.log()).isEmpty();
		assertThat(this.scheduler.pending()).isZero();
		assertThat(plan("t")).as("the placement read before is still used").isNotNull();
		this.scheduler.runDue();
		assertThat(timesOf("system.local")).containsExactly(180_000L);
		assertThat(timesOf("describe t")).containsExactly(180_000L);
	}

	@Test
	void failedReadsAreRetriedWithBackoffAndLoggedOnceAtInfoWithTheFix() {
		discover();
		this.reads.fail(SystemTable.PEERS, TableRead.Cause.ACCESS_DENIED);
		useFor(Duration.ofSeconds(20));
		assertThat(timesOf("system.local")).containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L);
		assertThat(timesOf("describe")).isEmpty();
		assertThat(infos()).singleElement()
			.asString()
			.contains("cannot read the cluster's topology", "GRANT SELECT ON system.peers TO <role>");
		ReplicaRoutingStatus status = this.routing.statuses().get(0);
		assertThat(status.placement()).isEqualTo(ReplicaRoutingStatus.Placement.UNAVAILABLE);
		assertThat(status.reason()).contains("GRANT SELECT ON system.peers TO <role>");
		assertThat(status.misses()).isEqualTo(2);
		this.reads.fail(SystemTable.PEERS, null);
		useFor(Duration.ofSeconds(20));
		assertThat(timesOf("system.local")).containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L, 31_000L);
		assertThat(this.routing.statuses().get(0).placement()).isEqualTo(ReplicaRoutingStatus.Placement.VNODES);
		assertThat(this.routing.statuses().get(0).reason()).isNull();
		assertThat(infos()).hasSize(1);
	}

	@Test
	void aServerWithoutSystemTablesDegradesToOneInfoLine() {
		discover();
		this.reads.fail(SystemTable.LOCAL, TableRead.Cause.NOT_AVAILABLE);
		useFor(Duration.ofSeconds(30));
		assertThat(this.logged.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
		assertThat(infos()).singleElement().asString().contains("not a ScyllaDB", "turn replica-aware routing off");
		assertThat(this.routing.count(true)).isZero();
		assertThat(this.routing.statuses().get(0).reason()).contains("not a ScyllaDB");
	}

	@Test
	void anUnknownTableIsAMissWithItsReason() {
		discover();
		this.reads.unknown("nope");
		plan("nope");
		this.scheduler.runDue();
		assertThat(this.routing.statuses()).singleElement().satisfies((status) -> {
			assertThat(status.placement()).isEqualTo(ReplicaRoutingStatus.Placement.UNAVAILABLE);
			assertThat(status.reason()).isEqualTo("table nope does not exist");
		});
		assertThat(infos()).singleElement().asString().contains("table nope does not exist");
	}

	@Test
	void aTabletTableIsPlacedByItsTablets() {
		discover();
		this.reads.table("tt", "pk").tablets("tt", new long[] { 0, 1, 3, 5 }, new long[] { Long.MAX_VALUE, 2, 4, 6 });
		plan("tt");
		this.scheduler.runDue();
		assertThat(this.reads.log()).anyMatch((line) -> line.startsWith("0 system.tablets "));
		assertThat(this.routing.statuses().get(0).placement()).isEqualTo(ReplicaRoutingStatus.Placement.TABLETS);
		// token("hello") = -3758069500696749310: the first tablet
		assertThat(replicasOfHello("tt")).containsExactly("127.0.0.1", "127.0.0.3", "127.0.0.5");
		for (int i = 0; i < 6; i++) {
			assertThat(plan("tt").next().address()).isIn("127.0.0.1", "127.0.0.3", "127.0.0.5");
		}
	}

	/**
	 * A workload whose calls to a table recur every third turn of the rotation (three
	 * tables used in turn, say) must not send every key to the same position of its
	 * replica list: the list's order is the server's, and a tablet's first replica may be
	 * the same few nodes for many tablets.
	 */
	@Test
	void callsThatRecurWithTheReplicaCountStillSpreadOverEveryReplica() {
		discover();
		this.reads.table("tt", "pk").tablets("tt", new long[] { 0, 1, 3, 5 }, new long[] { Long.MAX_VALUE, 2, 4, 6 });
		plan("tt");
		this.scheduler.runDue();
		Map<String, Integer> firsts = new TreeMap<>();
		for (int i = 0; i < 1200; i++) {
			QueryPlan plan = this.routing.plan(get("tt", AttributeValue.fromS("key-" + i)), this.membership.topology(),
					3 * i);
			assertThat(plan).isNotNull();
			firsts.merge(plan.next().address(), 1, Integer::sum);
		}
		assertThat(firsts).hasSize(6).allSatisfy((node, calls) -> assertThat(calls).as(node).isBetween(140, 260));
	}

	@Test
	void tablesBeyondTheCapAreMissesUntilUnusedTablesMakeRoom() {
		this.routing = routing(2);
		discover();
		this.reads.table("a", "pk").table("b", "pk").table("c", "pk");
		plan("a");
		plan("b");
		plan("c");
		this.scheduler.runDue();
		assertThat(this.routing.statuses()).extracting(ReplicaRoutingStatus::table).containsExactly("a", "b");
		this.scheduler.advance(Duration.ofSeconds(20));
		plan("b");
		this.scheduler.advance(Duration.ofSeconds(11));
		assertThat(plan("c")).isNull();
		this.scheduler.runDue();
		assertThat(this.routing.statuses()).extracting(ReplicaRoutingStatus::table).containsExactly("b");
		plan("c");
		this.scheduler.runDue();
		assertThat(this.routing.statuses()).extracting(ReplicaRoutingStatus::table).containsExactly("b", "c");
		assertThat(plan("c")).isNotNull();
	}

	@Test
	void listedNodesLearnTheirDatacenterAndRackFromTheTopology() {
		discover();
		assertThat(this.membership.nodeStatuses()).extracting(NodeStatus::rack).containsOnlyNulls();
		plan("t");
		this.scheduler.runDue();
		assertThat(this.membership.nodeStatuses()).extracting(NodeStatus::datacenter).containsOnly("dc1");
		assertThat(this.membership.nodeStatuses()).extracting(NodeStatus::rack)
			.containsExactly("r1", "r1", "r2", "r2", "r3", "r3");
	}

	@Test
	void aNewRoutingListIsMappedInTheBackgroundAndItsMissingReplicasAreSkipped() {
		discover();
		plan("t");
		this.scheduler.runDue();
		List<String> replicas = replicasOfHello("t");
		List<String> remaining = new ArrayList<>(NODES);
		remaining.remove(replicas.get(0));
		this.membership.publish(RoutingScope.cluster(), remaining);
		assertThat(plan("t")).as("the new list is not mapped yet").isNull();
		this.scheduler.runDue();
		for (int i = 0; i < 6; i++) {
			assertThat(plan("t").next().address()).isIn(replicas).isNotEqualTo(replicas.get(0));
		}
	}

	@Test
	void aListedNodeMissingFromTheTopologyIsReportedOnceAndNeverStartsACall() {
		List<String> nodes = new ArrayList<>(NODES);
		nodes.add("127.0.0.7");
		this.membership.publish(RoutingScope.cluster(), nodes);
		plan("t");
		this.scheduler.runDue();
		useFor(Duration.ofSeconds(60));
		assertThat(infos()).singleElement()
			.asString()
			.contains("1 of the 7 listed nodes are not in system.local/system.peers", "127.0.0.7");
		for (int i = 0; i < 30; i++) {
			assertThat(plan("t").next().address()).isIn(replicasOfHello("t"));
		}
	}

	@Test
	void aNodeThatJoinsIsReadFromTheTopologyAtOnceAndTakesItsShareOfReplicas() {
		discover();
		plan("t");
		this.scheduler.runDue();
		this.scheduler.advance(Duration.ofSeconds(5));
		this.reads.node(7, "dc1", "r1", 5_000_000_000_000_000_000L);
		List<String> nodes = new ArrayList<>(NODES);
		nodes.add("127.0.0.7");
		this.membership.publish(RoutingScope.cluster(), nodes);
		plan("t");
		this.scheduler.runDue();
		assertThat(timesOf("system.local")).containsExactly(0L, 5_000L);
		// keys of the ring range (4e18, 5e18] now have node 7 as their first replica
		Set<String> first = new HashSet<>();
		for (int i = 0; i < 2000; i++) {
			first.add(this.routing.plan(get("t", AttributeValue.fromS("k" + i)), this.membership.topology(), i)
				.next()
				.address());
		}
		assertThat(first).contains("127.0.0.7");
	}

	@Test
	void aListedNodeThatStaysMissingFromTheTopologyIsReadAgainWithBackoff() {
		discover();
		plan("t");
		this.scheduler.runDue();
		List<String> nodes = new ArrayList<>(NODES);
		nodes.add("127.0.0.7");
		this.membership.publish(RoutingScope.cluster(), nodes);
		useFor(Duration.ofSeconds(60));
		assertThat(timesOf("system.local")).containsExactly(0L, 0L, 1_000L, 3_000L, 7_000L, 15_000L, 31_000L);
	}

	@Test
	void aPausedRoutingReadsNothingAndKeepsItsPlacementsUntilResumed() {
		discover();
		plan("t");
		this.scheduler.runDue();
		this.reads.clearLog();
		this.routing.paused(true);
		useFor(Duration.ofSeconds(60));
		assertThat(this.reads.log()).isEmpty();
		assertThat(plan("t")).isNotNull();
		this.routing.paused(false);
		this.scheduler.runDue();
		assertThat(timesOf("system.local")).containsExactly(60_000L);
	}

	@Test
	void closingStopsTheRefreshes() {
		discover();
		plan("t");
		this.scheduler.runDue();
		assertThat(this.scheduler.pending()).isOne();
		this.routing.close();
		assertThat(this.scheduler.pending()).isZero();
		this.reads.clearLog();
		plan("other");
		this.scheduler.advance(Duration.ofMinutes(5));
		assertThat(this.reads.log()).isEmpty();
		assertThat(this.scheduler.pending()).isZero();
	}

	@Test
	void aReplicaOutsideTheTopologyIsSkipped() {
		discover();
		this.reads.table("tt", "pk").tablets("tt", new long[] { Long.MAX_VALUE, 7, 2 });
		plan("tt");
		this.scheduler.runDue();
		List<ClusterNode> replicas = this.routing.placement("tt").replicas(PartitionToken.ofString("hello"));
		assertThat(replicas).extracting((node) -> node.rpcAddress().value()).containsExactly("127.0.0.2");
		assertThat(plan("tt").next().address()).isEqualTo("127.0.0.2");
	}

}
