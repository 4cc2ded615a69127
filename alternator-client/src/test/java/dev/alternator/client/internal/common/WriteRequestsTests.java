package dev.alternator.client.internal.common;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vectors for the idempotency classification (every operation and expression form) and
 * for telling failures before sending from the others.
 */
class WriteRequestsTests {

	private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

	private static final ExpectedAttributeValue EXISTS = ExpectedAttributeValue.builder().exists(true).build();

	static Stream<Arguments> requests() {
		return Stream.of(
				// reads and other operations
				vector("GetItem", GetItemRequest.builder().tableName("t").key(KEY).build(), true),
				vector("BatchGetItem", BatchGetItemRequest.builder().build(), true),
				vector("Query", QueryRequest.builder().tableName("t").build(), true),
				vector("Scan", ScanRequest.builder().tableName("t").build(), true),
				vector("DescribeTable", DescribeTableRequest.builder().tableName("t").build(), true),
				vector("ListTables", ListTablesRequest.builder().build(), true),
				vector("TransactGetItems", TransactGetItemsRequest.builder().build(), true),
				vector("CreateTable", CreateTableRequest.builder().tableName("t").build(), true),
				// PutItem
				vector("unconditional put", put().build(), true),
				vector("put returning old item", put().returnValues("ALL_OLD").build(), true),
				vector("put with condition", put().conditionExpression("attribute_not_exists(pk)").build(), false),
				vector("put with empty condition", put().conditionExpression("").build(), true),
				vector("put with Expected", put().expected(Map.of("pk", EXISTS)).build(), false),
				vector("put with empty Expected", put().expected(Map.of()).build(), true),
				// DeleteItem
				vector("unconditional delete", DeleteItemRequest.builder().tableName("t").key(KEY).build(), true),
				vector("delete with condition",
						DeleteItemRequest.builder().tableName("t").key(KEY).conditionExpression("v = :v").build(),
						false),
				vector("delete with Expected",
						DeleteItemRequest.builder().tableName("t").key(KEY).expected(Map.of("v", EXISTS)).build(),
						false),
				// UpdateItem expressions
				vector("update without actions", update().build(), true),
				vector("SET to a value", update("SET v = :v").build(), true),
				vector("SET several values", update("SET v = :v, #w = :w, a.b[2] = :x").build(), true),
				vector("lower-case set", update("set v = :v").build(), true),
				vector("REMOVE", update("REMOVE v, w").build(), true),
				vector("SET and REMOVE", update("SET v = :v REMOVE w").build(), true),
				vector("REMOVE then SET", update("REMOVE w SET v = :v").build(), true),
				vector("SET arithmetic", update("SET a = a + :v").build(), false),
				vector("SET subtraction", update("SET a = :v - a").build(), false),
				vector("SET list_append", update("SET l = list_append(l, :v)").build(), false),
				vector("SET if_not_exists", update("SET n = if_not_exists(n, :zero)").build(), false),
				vector("SET from another attribute", update("SET a = b").build(), false),
				vector("second SET action arithmetic", update("SET v = :v, n = n + :one").build(), false),
				vector("ADD", update("ADD n :one").build(), false),
				vector("lower-case add", update("add n :one").build(), false),
				vector("SET then ADD", update("SET v = :v ADD n :one").build(), false),
				vector("DELETE set elements", update("DELETE s :elements").build(), false),
				vector("attribute named like a keyword", update("SET #add = :v, #delete = :w").build(), true),
				vector("value named like a keyword", update("SET v = :add").build(), true),
				vector("unreadable expression", update("FROB v").build(), false),
				vector("update with condition", update("SET v = :v").conditionExpression("v = :old").build(), false),
				vector("update with Expected", update("SET v = :v").expected(Map.of("v", EXISTS)).build(), false),
				// UpdateItem legacy AttributeUpdates
				vector("legacy PUT", legacy(AttributeAction.PUT, AttributeValue.fromN("1")).build(), true),
				vector("legacy action missing (PUT)", legacy(null, AttributeValue.fromN("1")).build(), true),
				vector("legacy DELETE attribute", legacy(AttributeAction.DELETE, null).build(), true),
				vector("legacy ADD", legacy(AttributeAction.ADD, AttributeValue.fromN("1")).build(), false),
				vector("legacy DELETE of set elements",
						legacy(AttributeAction.DELETE, AttributeValue.fromSs(List.of("a"))).build(), false),
				vector("legacy PUT with Expected",
						legacy(AttributeAction.PUT, AttributeValue.fromN("1")).expected(Map.of("v", EXISTS)).build(),
						false),
				// batches and transactions
				vector("BatchWriteItem", BatchWriteItemRequest.builder()
					.requestItems(Map.of("t",
							List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(KEY).build()).build())))
					.build(), false),
				vector("TransactWriteItems without token", TransactWriteItemsRequest.builder().build(), false),
				vector("TransactWriteItems with token",
						TransactWriteItemsRequest.builder().clientRequestToken("once").build(), true),
				vector("ExecuteTransaction without token", ExecuteTransactionRequest.builder().build(), false),
				vector("ExecuteTransaction with token", ExecuteTransactionRequest.builder()
					.transactStatements(ParameterizedStatement.builder().statement("UPDATE t SET n = n + 1").build())
					.clientRequestToken("once")
					.build(), true),
				// PartiQL
				vector("PartiQL SELECT", ExecuteStatementRequest.builder().statement(" select * from t").build(), true),
				vector("PartiQL UPDATE",
						ExecuteStatementRequest.builder().statement("UPDATE t SET n = n + 1 WHERE pk = 'k'").build(),
						false),
				vector("PartiQL batch of SELECTs",
						BatchExecuteStatementRequest.builder()
							.statements(BatchStatementRequest.builder().statement("SELECT * FROM t").build())
							.build(),
						true),
				vector("PartiQL batch with an INSERT", BatchExecuteStatementRequest.builder()
					.statements(BatchStatementRequest.builder().statement("SELECT * FROM t").build(),
							BatchStatementRequest.builder().statement("INSERT INTO t VALUE {'pk': 'k'}").build())
					.build(), false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requests")
	void classifiesRequestsAsIdempotentOrNot(String description, SdkRequest request, boolean idempotent) {
		assertThat(WriteRequests.isIdempotent(request)).as(description).isEqualTo(idempotent);
	}

	static Stream<Arguments> failures() {
		return Stream.of(Arguments.of("refused", new ConnectException("Connection refused"), true),
				Arguments.of("no route", new NoRouteToHostException("No route to host"), true),
				Arguments.of("unknown host", new UnknownHostException("nowhere"), true),
				Arguments.of("TLS handshake", new SSLHandshakeException("PKIX path building failed"), true),
				Arguments.of("JDK connect timeout", new SocketTimeoutException("Connect timed out"), true),
				Arguments.of("Apache connect timeout", new ConnectTimeoutException("Connect to 10.0.0.1:8000 failed"),
						true),
				Arguments.of("wrapped refusal", new IOException("Unable to execute", new ConnectException("refused")),
						true),
				Arguments.of("pool acquire timeout", new IOException("Timeout waiting for connection from pool"), true),
				Arguments.of("broken pipe", new SocketException("Broken pipe"), true),
				Arguments.of("write refused, as a client wrapper reports it",
						new RequestNotSentException(new SocketException("Connection reset by peer")), true),
				Arguments.of("reset by peer, not known to be a write", new SocketException("Connection reset by peer"),
						false),
				Arguments.of("read timeout", new SocketTimeoutException("Read timed out"), false),
				Arguments.of("reset after sending", new SocketException("Connection reset"), false),
				Arguments.of("no response", new NoHttpResponseException("127.0.0.1:8000 failed to respond"), false),
				Arguments.of("aborted", new InterruptedIOException("aborted"), false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void tellsFailuresBeforeSendingFromTheOthers(String description, Throwable failure, boolean beforeSending) {
		assertThat(Failures.beforeSending(failure)).as(description).isEqualTo(beforeSending);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Connection reset by peer | true
			Broken pipe              | true
			Connection reset         | false
			Read timed out           | false
			""")
	void tellsFailedWritesOfBlockingSocketsFromFailedReads(String message, boolean whileWriting) {
		assertThat(Failures.failedWhileWriting(new IOException("wrapped", new SocketException(message))))
			.isEqualTo(whileWriting);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			SET v = :v                          | true
			SET v = :v,w = :w                   | true
			SET v=:v REMOVE w                   | true
			SET v = :v ADD n :one               | false
			SET v = size(w)                     | false
			SET a[1] = :v                       | true
			""")
	void readsUpdateExpressions(String expression, boolean onlyValuesOrRemoves) {
		assertThat(WriteRequests.onlySetsValuesOrRemoves(expression)).isEqualTo(onlyValuesOrRemoves);
	}

	private static Arguments vector(String description, SdkRequest request, boolean idempotent) {
		return Arguments.of(description, request, idempotent);
	}

	private static PutItemRequest.Builder put() {
		return PutItemRequest.builder().tableName("t").item(KEY);
	}

	private static UpdateItemRequest.Builder update() {
		return UpdateItemRequest.builder().tableName("t").key(KEY);
	}

	private static UpdateItemRequest.Builder update(String expression) {
		return update().updateExpression(expression);
	}

	private static UpdateItemRequest.Builder legacy(AttributeAction action, AttributeValue value) {
		AttributeValueUpdate.Builder update = AttributeValueUpdate.builder().value(value);
		if (action != null) {
			update.action(action);
		}
		return update().attributeUpdates(Map.of("v", update.build()));
	}

	/** Named like Apache's connect timeout, which the JDK does not have. */
	private static final class ConnectTimeoutException extends InterruptedIOException {

		private static final long serialVersionUID = 1L;

		ConnectTimeoutException(String message) {
			super(message);
		}

	}

	/** Named like Apache's exception for a connection closed without an answer. */
	private static final class NoHttpResponseException extends IOException {

		private static final long serialVersionUID = 1L;

		NoHttpResponseException(String message) {
			super(message);
		}

	}

}
