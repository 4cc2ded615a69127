package dev.alternator.client.internal.sdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.alternator.client.internal.common.Logging;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;

/**
 * Actions an interceptor attaches to a call, run when the future a load-balanced async
 * client returned for it completes — whichever way, the caller's {@code cancel} included,
 * which the SDK reports neither to interceptors nor to metric publishers. An action may
 * therefore also run after the interceptor saw the call end: it must be idempotent,
 * cheap, and should not throw (a throwing action is logged and skipped). Sync clients and
 * calls that are never routed (failed before their first attempt) do not run them; the
 * SDK reports those ends itself.
 * <p>
 * Thread-safe.
 */
public final class CallEndHooks {

	private static final Logger logger = Logging.LOGGER;

	private static final ExecutionAttribute<CallEndHooks> HOOKS = new ExecutionAttribute<>("AlternatorCallEndHooks");

	private final List<Consumer<@Nullable Throwable>> actions = new CopyOnWriteArrayList<>();

	private CallEndHooks() {
	}

	/**
	 * Attaches an action to the call of the given execution attributes.
	 * @param executionAttributes the call's execution attributes
	 * @param action given the call's failure, {@code null} when it answered
	 */
	public static void onEnd(ExecutionAttributes executionAttributes, Consumer<@Nullable Throwable> action) {
		CallEndHooks hooks = executionAttributes.getAttribute(HOOKS);
		if (hooks == null) {
			hooks = new CallEndHooks();
			executionAttributes.putAttribute(HOOKS, hooks);
		}
		hooks.actions.add(action);
	}

	/**
	 * Runs the actions attached to a call.
	 * @param executionAttributes the call's execution attributes
	 * @param failure the call's failure, {@code null} when it answered
	 */
	static void run(ExecutionAttributes executionAttributes, @Nullable Throwable failure) {
		CallEndHooks hooks = executionAttributes.getAttribute(HOOKS);
		if (hooks == null) {
			return;
		}
		for (Consumer<@Nullable Throwable> action : hooks.actions) {
			try {
				action.accept(failure);
			}
			catch (RuntimeException ex) {
				logger.debug("A call-end action failed", ex);
			}
		}
	}

}
