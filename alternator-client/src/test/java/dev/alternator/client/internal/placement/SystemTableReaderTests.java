package dev.alternator.client.internal.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import static dev.alternator.client.internal.placement.Rows.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SystemTableReader} with fake request functions answering with the
 * SDK's model objects.
 */
class SystemTableReaderTests {

	private static final Function<QueryRequest, QueryResponse> NO_QUERY = (request) -> {
		throw new AssertionError("no query expected");
	};

	private static final Function<ScanRequest, ScanResponse> NO_SCAN = (request) -> {
		throw new AssertionError("no scan expected");
	};

	@Test
	void scanFollowsPagesAndSendsThePagingKeyBackUnchanged() {
		List<ScanRequest> requests = new ArrayList<>();
		Map<String, AttributeValue> firstLastKey = Map.of("peer", AttributeValue.fromS("10.0.0.2"),
				":scylla:paging:region", AttributeValue.fromS("clustered"), ":scylla:paging:weight",
				AttributeValue.fromN("1"));
		Map<String, AttributeValue> secondLastKey = Map.of("peer", AttributeValue.fromS("10.0.0.3"));
		SystemTableReader reader = new SystemTableReader((request) -> {
			requests.add(request);
			return switch (requests.size()) {
				case 1 -> ScanResponse.builder()
					.items(List.of(item("peer", "10.0.0.1"), item("peer", "10.0.0.2")))
					.lastEvaluatedKey(firstLastKey)
					.build();
				case 2 -> ScanResponse.builder()
					.items(List.of(item("peer", "10.0.0.3")))
					.lastEvaluatedKey(secondLastKey)
					.build();
				default -> ScanResponse.builder().items(List.of()).build();
			};
		}, NO_QUERY, 100);

		TableRead read = reader.scan(SystemTable.PEERS);

		assertThat(read).isInstanceOf(TableRead.Rows.class);
		assertThat(((TableRead.Rows) read).items()).extracting((row) -> row.get("peer").s())
			.containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
		assertThat(requests).hasSize(3);
		assertThat(requests.get(0).tableName()).isEqualTo(".scylla.alternator.system.peers");
		assertThat(requests.get(0).hasExclusiveStartKey()).isFalse();
		// the server reads the weight back only as a number ({"N":"1"})
		assertThat(requests.get(1).exclusiveStartKey()).isEqualTo(firstLastKey);
		assertThat(requests.get(2).exclusiveStartKey()).isEqualTo(secondLastKey);
	}

	@Test
	void scanRequestsOnlyTheColumnsPlacementParses() {
		List<ScanRequest> requests = new ArrayList<>();
		new SystemTableReader((request) -> {
			requests.add(request);
			return ScanResponse.builder().build();
		}, NO_QUERY, 10).scan(SystemTable.LOCAL);
		ScanRequest request = requests.get(0);
		assertThat(request.projectionExpression()).isEqualTo("#c0, #c1, #c2, #c3, #c4, #c5");
		assertThat(request.expressionAttributeNames()).containsEntry("#c0", "key")
			.containsEntry("#c5", "tokens")
			.hasSize(6);
	}

	@Test
	void queryReadsOnePartition() {
		List<QueryRequest> requests = new ArrayList<>();
		SystemTableReader reader = new SystemTableReader(NO_SCAN, (request) -> {
			requests.add(request);
			return QueryResponse.builder().items(List.of(item("table_id", "t", "last_token", "5"))).build();
		}, 10);

		TableRead read = reader.query(SystemTable.TABLETS, "8f2b0c9e-0000-11ee-8000-000000000001");

		assertThat(((TableRead.Rows) read).items()).hasSize(1);
		QueryRequest request = requests.get(0);
		assertThat(request.tableName()).isEqualTo(".scylla.alternator.system.tablets");
		assertThat(request.keyConditionExpression()).isEqualTo("#c0 = :key");
		assertThat(request.expressionAttributeNames()).containsEntry("#c0", "table_id");
		assertThat(request.expressionAttributeValues()).containsEntry(":key",
				AttributeValue.fromS("8f2b0c9e-0000-11ee-8000-000000000001"));
	}

	@Test
	void accessDeniedNamesTheGrantNeeded() {
		SystemTableReader reader = new SystemTableReader((request) -> {
			throw serviceException("AccessDeniedException", "SELECT access on table system.peers is denied");
		}, NO_QUERY, 10);

		TableRead.Failed failed = (TableRead.Failed) reader.scan(SystemTable.PEERS);

		assertThat(failed.cause()).isEqualTo(TableRead.Cause.ACCESS_DENIED);
		assertThat(failed.table()).isEqualTo(SystemTable.PEERS);
		assertThat(failed.message()).contains("GRANT SELECT ON system.peers TO <role>")
			.contains("SELECT access on table system.peers is denied");
	}

	@Test
	void unknownOrInvalidTableMeansNoSystemTableAccess() {
		SystemTableReader notFound = new SystemTableReader((request) -> {
			throw ResourceNotFoundException.builder()
				.message("Requested resource not found")
				.awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build())
				.build();
		}, NO_QUERY, 10);
		SystemTableReader invalid = new SystemTableReader(NO_SCAN, (request) -> {
			throw serviceException("ValidationException", "invalid table name");
		}, 10);

		TableRead.Failed scanned = (TableRead.Failed) notFound.scan(SystemTable.TABLETS);
		TableRead.Failed queried = (TableRead.Failed) invalid.query(SystemTable.KEYSPACES, "alternator_t");

		assertThat(scanned.cause()).isEqualTo(TableRead.Cause.NOT_AVAILABLE);
		assertThat(scanned.message()).startsWith("not a ScyllaDB with system table access")
			.contains(".scylla.alternator.system.tablets");
		assertThat(queried.cause()).isEqualTo(TableRead.Cause.NOT_AVAILABLE);
	}

	@Test
	void otherFailuresAreErrorsAndNeverEscape() {
		SystemTableReader serverError = new SystemTableReader((request) -> {
			throw serviceException("InternalServerError", "boom");
		}, NO_QUERY, 10);
		SystemTableReader clientError = new SystemTableReader((request) -> {
			throw SdkClientException.create("connection refused");
		}, NO_QUERY, 10);
		SystemTableReader bug = new SystemTableReader((request) -> {
			throw new IllegalStateException();
		}, NO_QUERY, 10);

		assertThat(((TableRead.Failed) serverError.scan(SystemTable.LOCAL)).cause()).isEqualTo(TableRead.Cause.ERROR);
		TableRead.Failed refused = (TableRead.Failed) clientError.scan(SystemTable.LOCAL);
		assertThat(refused.cause()).isEqualTo(TableRead.Cause.ERROR);
		assertThat(refused.message()).isEqualTo("reading system.local failed: connection refused");
		assertThat(((TableRead.Failed) bug.scan(SystemTable.LOCAL)).message()).contains("IllegalStateException");
	}

	@Test
	void readsAreBoundedInItems() {
		SystemTableReader reader = new SystemTableReader((request) -> ScanResponse.builder()
			.items(List.of(item("peer", "a"), item("peer", "b")))
			.lastEvaluatedKey(Map.of("peer", AttributeValue.fromS(request.hasExclusiveStartKey() ? "b2" : "b")))
			.build(), NO_QUERY, 3);

		TableRead.Failed failed = (TableRead.Failed) reader.scan(SystemTable.PEERS);

		assertThat(failed.cause()).isEqualTo(TableRead.Cause.TOO_LARGE);
		assertThat(failed.message()).isEqualTo("system.peers has more than 3 rows to read");
	}

	@Test
	void readsAreBoundedInPages() {
		int[] pages = { 0 };
		SystemTableReader reader = new SystemTableReader((request) -> ScanResponse.builder()
			.lastEvaluatedKey(Map.of("peer", AttributeValue.fromS("p" + pages[0]++)))
			.build(), NO_QUERY, 10);

		TableRead.Failed failed = (TableRead.Failed) reader.scan(SystemTable.PEERS);

		assertThat(failed.cause()).isEqualTo(TableRead.Cause.TOO_LARGE);
		assertThat(pages[0]).isEqualTo(SystemTableReader.MAX_PAGES);
	}

	@Test
	void aPageKeyThatDoesNotAdvanceEndsTheRead() {
		int[] pages = { 0 };
		SystemTableReader reader = new SystemTableReader((request) -> {
			pages[0]++;
			return ScanResponse.builder().lastEvaluatedKey(Map.of("peer", AttributeValue.fromS("same"))).build();
		}, NO_QUERY, 10);

		TableRead.Failed failed = (TableRead.Failed) reader.scan(SystemTable.PEERS);

		assertThat(failed.cause()).isEqualTo(TableRead.Cause.ERROR);
		assertThat(pages[0]).isEqualTo(2);
	}

	@Test
	void maxItemsMustBePositive() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new SystemTableReader(NO_SCAN, NO_QUERY, 0));
	}

	private static DynamoDbException serviceException(String code, String message) {
		return (DynamoDbException) DynamoDbException.builder()
			.message(message)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
			.build();
	}

}
