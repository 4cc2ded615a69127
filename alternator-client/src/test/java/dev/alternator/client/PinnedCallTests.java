package dev.alternator.client;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodePin;
import dev.alternator.client.internal.sdk.Routing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call pinned to one node (how the library reads node-local system tables) sends every
 * attempt there, on in-process fake HTTP clients answering 500.
 */
@Timeout(30)
class PinnedCallTests {

	private static final String PEERS = ".scylla.alternator.system.peers";

	private static AlternatorConfig config() {
		return AlternatorConfig.builder()
			.seedHosts("127.0.0.1", "127.0.0.2", "127.0.0.3")
			.discoveryEnabled(false)
			.maxAttempts(3)
			.build();
	}

	private static ScanRequest pinned(Node node) {
		return ScanRequest.builder()
			.tableName(PEERS)
			.overrideConfiguration((override) -> override.putExecutionAttribute(NodePin.NODE, node))
			.build();
	}

	@Test
	void everyAttemptOfAPinnedCallGoesToItsNode() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config());
				DynamoDbClient client = AlternatorDynamoDbClient.builder()
					.nodeDirectory(nodes)
					.httpClientBuilder(http.sync())
					.build()) {
			Node node = nodes.clientContext().topology().node(1);
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(() -> client.scan(pinned(node)));
			assertThat(http.requests).extracting(SdkHttpRequest::host)
				.containsExactly("127.0.0.2", "127.0.0.2", "127.0.0.2");
		}
	}

	@Test
	void everyAttemptOfAPinnedAsyncCallGoesToItsNode() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
					.nodeDirectory(nodes)
					.httpClientBuilder(http.async())
					.build()) {
			Node node = nodes.clientContext().topology().node(2);
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> client.scan(pinned(node)).join());
			assertThat(http.requests).extracting(SdkHttpRequest::host)
				.containsExactly("127.0.0.3", "127.0.0.3", "127.0.0.3");
		}
	}

	@Test
	void anUnpinnedCallFailsOverToOtherNodes() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config());
				DynamoDbClient client = AlternatorDynamoDbClient.builder()
					.nodeDirectory(nodes)
					.httpClientBuilder(http.sync())
					.build()) {
			assertThatExceptionOfType(DynamoDbException.class)
				.isThrownBy(() -> client.scan(ScanRequest.builder().tableName(PEERS).build()));
			assertThat(http.requests).extracting(SdkHttpRequest::host).doesNotHaveDuplicates().hasSize(3);
		}
	}

	@Test
	void aSyncCallMadeDuringAnotherOnItsThreadLeavesTheOuterCallItsPlan() {
		FakeHttp http = FakeHttp.answering(500);
		AtomicReference<DynamoDbClient> self = new AtomicReference<>();
		AtomicBoolean nested = new AtomicBoolean();
		// an application interceptor that, during the pinned call (after the library made
		// its plan, before its first attempt is signed), makes another call through the
		// same client on the same thread
		ExecutionInterceptor nesting = new ExecutionInterceptor() {
			@Override
			public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
					ExecutionAttributes executionAttributes) {
				if (nested.compareAndSet(false, true)) {
					assertThatExceptionOfType(DynamoDbException.class)
						.isThrownBy(() -> self.get().scan(ScanRequest.builder().tableName(PEERS).build()));
				}
				return context.httpRequest();
			}
		};
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config());
				DynamoDbClient client = AlternatorDynamoDbClient.builder()
					.nodeDirectory(nodes)
					.httpClientBuilder(http.sync())
					// added after the library's interceptors: it runs after the plan is
					// made
					.clientCustomizer((b) -> b.overrideConfiguration(
							b.overrideConfiguration().toBuilder().addExecutionInterceptor(nesting).build()))
					.build()) {
			self.set(client);
			Node node = nodes.clientContext().topology().node(1);
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(() -> client.scan(pinned(node)));
			assertThat(nested).isTrue();
			assertThat(http.requests).extracting(SdkHttpRequest::host).hasSize(6);
			assertThat(http.requests.subList(0, 3)).as("the nested call fails over")
				.extracting(SdkHttpRequest::host)
				.doesNotHaveDuplicates();
			assertThat(http.requests.subList(3, 6)).as("the outer call keeps its pinned plan")
				.extracting(SdkHttpRequest::host)
				.containsExactly("127.0.0.2", "127.0.0.2", "127.0.0.2");
			Routing routing = Routing.of(client);
			assertThat(routing).isNotNull();
			assertThat(routing.callsInFlight()).as("both calls ended on this thread").isZero();
		}
	}

	@Test
	void syncCallsTheSdkNeverEndedAreNotKeptBeyondAFewLevels() {
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config());
				DynamoDbClient client = AlternatorDynamoDbClient.builder()
					.nodeDirectory(nodes)
					.httpClientBuilder(FakeHttp.answering(200).sync())
					.build()) {
			Routing routing = Routing.of(client);
			assertThat(routing).isNotNull();
			// plans made on this thread for calls that never end (no afterExecution, no
			// onExecutionFailure): each would otherwise keep the previous one
			for (int i = 0; i < 50; i++) {
				Context.ModifyHttpRequest call = InterceptorContext.builder()
					.request(ScanRequest.builder().tableName(PEERS).build())
					.httpRequest(SdkHttpFullRequest.builder()
						.protocol("http")
						.host("127.0.0.1")
						.port(8000)
						.method(SdkHttpMethod.POST)
						.build())
					.build();
				routing.interceptor().modifyHttpRequest(call, new ExecutionAttributes());
			}
			assertThat(routing.callsInFlight()).isBetween(1, 9);
		}
	}

}
