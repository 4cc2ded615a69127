package dev.alternator.client.internal.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.alternator.client.internal.common.Host;
import dev.alternator.client.internal.common.Logging;
import org.slf4j.Logger;

/**
 * Resolves host names with a deadline: the JDK's lookup has none, so a hung DNS server
 * could otherwise stall discovery. IP literals need no lookup. A lookup warms the JVM's
 * DNS cache for the HTTP client that connects next. A host whose lookup from an earlier
 * cycle is still pending is skipped rather than looked up twice, so the pending lookups
 * never outnumber the host names being asked.
 * <p>
 * Thread-safe.
 */
public final class HostResolver {

	public static final Duration DNS_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * Pending lookups kept at most; beyond it new names are skipped until some finish.
	 */
	static final int MAX_PENDING = 64;

	private static final Logger logger = Logging.LOGGER;

	private final Executor executor;

	private final Duration timeout;

	private final Map<String, CompletableFuture<InetAddress[]>> pending = new ConcurrentHashMap<>();

	/**
	 * Creates a resolver.
	 * @param executor runs the blocking lookups
	 * @param timeout how long a caller waits for one lookup
	 */
	public HostResolver(Executor executor, Duration timeout) {
		this.executor = executor;
		this.timeout = timeout;
	}

	/**
	 * Whether a host can be connected to: an IP literal, or a name that resolves within
	 * the deadline.
	 * @param host the host
	 * @return whether it resolved
	 */
	boolean resolvable(String host) {
		if (Host.isIpLiteral(host)) {
			return true;
		}
		CompletableFuture<InetAddress[]> previous = this.pending.get(host);
		if (previous != null) {
			logger.warn("Name lookup of {} is still pending; skipping it this cycle", host);
			return false;
		}
		if (this.pending.size() >= MAX_PENDING) {
			logger.warn("{} name lookups are pending; skipping {} this cycle", MAX_PENDING, host);
			return false;
		}
		CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
		this.pending.put(host, lookup);
		lookup.whenComplete((addresses, failure) -> this.pending.remove(host, lookup));
		try {
			this.executor.execute(() -> {
				try {
					lookup.complete(InetAddress.getAllByName(host));
				}
				catch (UnknownHostException | RuntimeException ex) {
					lookup.completeExceptionally(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			lookup.completeExceptionally(ex);
			return false;
		}
		try {
			InetAddress[] addresses = lookup.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			return addresses.length > 0;
		}
		catch (TimeoutException ex) {
			logger.warn("Name lookup of {} took longer than {}; skipping it this cycle", host, this.timeout);
			return false;
		}
		catch (ExecutionException ex) {
			logger.warn("Name lookup of {} failed: {}", host, String.valueOf(ex.getCause()));
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Number of lookups still running.
	 * @return the count
	 */
	int pendingLookups() {
		return this.pending.size();
	}

}
