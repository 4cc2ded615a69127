package dev.alternator.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * The load runner's baseline for spreading with no library logic at all: plain SDK
 * clients, one per node, each call taking the next one round-robin. Only the operations
 * the load runner sends are implemented.
 */
final class RoundRobinClients {

	private RoundRobinClients() {
	}

	static DynamoDbClient sync(List<DynamoDbClient> clients) {
		return new Sync(clients);
	}

	static DynamoDbAsyncClient async(List<DynamoDbAsyncClient> clients) {
		return new Async(clients);
	}

	private static int next(AtomicInteger counter, int size) {
		return Math.floorMod(counter.getAndIncrement(), size);
	}

	private static final class Sync implements DynamoDbClient {

		private final DynamoDbClient[] clients;

		private final AtomicInteger counter = new AtomicInteger();

		Sync(List<DynamoDbClient> clients) {
			this.clients = clients.toArray(new DynamoDbClient[0]);
		}

		@Override
		public GetItemResponse getItem(GetItemRequest request) {
			return this.clients[next(this.counter, this.clients.length)].getItem(request);
		}

		@Override
		public PutItemResponse putItem(PutItemRequest request) {
			return this.clients[next(this.counter, this.clients.length)].putItem(request);
		}

		@Override
		public String serviceName() {
			return SERVICE_NAME;
		}

		@Override
		public void close() {
			for (DynamoDbClient client : this.clients) {
				client.close();
			}
		}

	}

	private static final class Async implements DynamoDbAsyncClient {

		private final DynamoDbAsyncClient[] clients;

		private final AtomicInteger counter = new AtomicInteger();

		Async(List<DynamoDbAsyncClient> clients) {
			this.clients = clients.toArray(new DynamoDbAsyncClient[0]);
		}

		@Override
		public CompletableFuture<GetItemResponse> getItem(GetItemRequest request) {
			return this.clients[next(this.counter, this.clients.length)].getItem(request);
		}

		@Override
		public CompletableFuture<PutItemResponse> putItem(PutItemRequest request) {
			return this.clients[next(this.counter, this.clients.length)].putItem(request);
		}

		@Override
		public String serviceName() {
			return SERVICE_NAME;
		}

		@Override
		public void close() {
			for (DynamoDbAsyncClient client : this.clients) {
				client.close();
			}
		}

	}

}
