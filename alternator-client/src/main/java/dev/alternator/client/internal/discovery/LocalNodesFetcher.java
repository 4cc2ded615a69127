package dev.alternator.client.internal.discovery;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.internal.common.Endpoints;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.node.Membership;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Asks one host for its {@code /localnodes} list: resolves the host within a deadline,
 * sends the request with the control client (which bounds it by the discovery timeout)
 * and parses the answer. Never throws: a host that gives no usable answer yields a
 * {@link Fetched} without hosts and with the reason.
 * <p>
 * Thread-safe.
 */
public final class LocalNodesFetcher {

	private static final Logger logger = Logging.LOGGER;

	private final AlternatorConfig config;

	private final ControlClient http;

	private final HostResolver resolver;

	private final Membership membership;

	public LocalNodesFetcher(AlternatorConfig config, ControlClient http, HostResolver resolver,
			Membership membership) {
		this.config = config;
		this.http = http;
		this.resolver = resolver;
		this.membership = membership;
	}

	/**
	 * Asks one host.
	 * @param host the host
	 * @param query the scope query ({@code dc=...&rack=...}), or empty
	 * @return the answer
	 */
	Fetched fetch(String host, String query) {
		if (!this.resolver.resolvable(host)) {
			return Fetched.failed(host, "name lookup of " + host + " failed");
		}
		URI uri = URI.create(this.config.scheme() + "://" + Endpoints.uriHost(host) + ":" + this.config.port()
				+ "/localnodes" + (query.isEmpty() ? "" : "?" + query));
		try {
			ControlClient.Response response = this.http.get(uri, this.config.discoveryTimeout());
			this.membership.markReached();
			if (response.status() != 200) {
				return Fetched.failed(host, uri + " answered status " + response.status());
			}
			LocalNodesParser.Result parsed = LocalNodesParser.parse(response.body(), this.config.scheme(),
					this.config.port());
			if (!parsed.ok()) {
				return Fetched.failed(host, uri + " answered a malformed body (" + parsed.message() + ")");
			}
			return new Fetched(host, parsed.hosts(), parsed.skipped(), parsed.skippedCount(), null);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Discovery request {} failed", uri, ex);
			return Fetched.failed(host, uri + " failed: " + ex);
		}
	}

	/**
	 * One host's answer.
	 *
	 * @param host the host asked
	 * @param hosts the hosts it listed, or {@code null} when it gave no usable answer
	 * @param skipped samples of the answer's entries that are not valid hosts, safe to
	 * log
	 * @param skippedCount how many entries were skipped
	 * @param failure why there is no usable answer, or {@code null}
	 */
	record Fetched(String host, @Nullable List<String> hosts, List<String> skipped, int skippedCount,
			@Nullable String failure) {

		static Fetched failed(String host, String failure) {
			return new Fetched(host, null, List.of(), 0, failure);
		}

		boolean listsNodes() {
			return this.hosts != null && !this.hosts.isEmpty();
		}

	}

}
