package dev.alternator.client.internal.sdk;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The async client handed to the user: the SDK's client behind a proxy that ends each
 * call's routing registration when the future it returned completes — whichever way:
 * answer, failure, the SDK's API-call timeout or the caller's {@code cancel}. The SDK
 * tells interceptors about the first two only; it completes the returned future on every
 * path. It then runs the call's {@link CallEndHooks}. Every other method (paginators,
 * waiters, {@code close}) passes straight through; calls they make are ended by the
 * interceptor or, at worst, forgotten when collected.
 * <p>
 * Thread-safe.
 */
final class ReleasingAsyncClient implements InvocationHandler {

	private final DynamoDbAsyncClient target;

	private final Routing routing;

	private ReleasingAsyncClient(DynamoDbAsyncClient target, Routing routing) {
		this.target = target;
		this.routing = routing;
	}

	/**
	 * Wraps a client.
	 * @param target the SDK's client
	 * @param routing the client's routing
	 * @return the wrapped client
	 */
	static DynamoDbAsyncClient wrap(DynamoDbAsyncClient target, Routing routing) {
		return (DynamoDbAsyncClient) Proxy.newProxyInstance(DynamoDbAsyncClient.class.getClassLoader(),
				new Class<?>[] { DynamoDbAsyncClient.class }, new ReleasingAsyncClient(target, routing));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> args != null && proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> this.target.toString();
			};
		}
		if (method.getReturnType() != CompletableFuture.class) {
			return call(method, args);
		}
		List<Routing.Call> outer = this.routing.startCapture();
		Object result;
		List<Routing.Call> started;
		try {
			result = call(method, args);
		}
		finally {
			started = this.routing.endCapture(outer);
		}
		if (!started.isEmpty() && result instanceof CompletableFuture<?> future) {
			future.whenComplete((ignored, failure) -> {
				for (Routing.Call call : started) {
					this.routing.end(call);
					CallEndHooks.run(call.attributes, failure);
				}
			});
		}
		return result;
	}

	private @Nullable Object call(Method method, @Nullable Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getCause();
			throw (cause != null) ? cause : ex;
		}
	}

}
