package dev.alternator.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which nodes a client routes to: the whole cluster (every datacenter the seeds belong
 * to), one datacenter, or one rack of one datacenter.
 * <p>
 * A scope maps to the query string of the Alternator {@code GET /localnodes} request.
 * When the configured scope has no live node, routing falls back along
 * {@link #fallbackChain()} (rack, then datacenter, then cluster) unless fallback is
 * disabled.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public sealed interface RoutingScope permits RoutingScope.Cluster, RoutingScope.Datacenter, RoutingScope.Rack {

	/**
	 * The whole cluster: the union of what every seed's {@code /localnodes} lists.
	 * @return the cluster scope
	 */
	static RoutingScope cluster() {
		return Cluster.INSTANCE;
	}

	/**
	 * The nodes of one datacenter.
	 * @param datacenter the datacenter name, non-blank
	 * @return the datacenter scope
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	static RoutingScope datacenter(String datacenter) {
		return new Datacenter(datacenter);
	}

	/**
	 * The nodes of one rack of one datacenter.
	 * @param datacenter the datacenter name, non-blank
	 * @param rack the rack name, non-blank
	 * @return the rack scope
	 * @throws IllegalArgumentException if either name is null or blank
	 */
	static RoutingScope rack(String datacenter, String rack) {
		return new Rack(datacenter, rack);
	}

	/**
	 * The datacenter this scope is limited to.
	 * @return the datacenter, or {@code null} for the cluster scope
	 */
	@Nullable String datacenter();

	/**
	 * The rack this scope is limited to.
	 * @return the rack, or {@code null} unless this is a rack scope
	 */
	@Nullable String rack();

	/**
	 * The next broader scope: rack to datacenter, datacenter to cluster.
	 * @return the broader scope, or {@code null} for the cluster scope
	 */
	@Nullable RoutingScope broader();

	/**
	 * This scope followed by every broader scope, e.g.
	 * {@code [rack, datacenter, cluster]}.
	 * @return the fallback chain, starting with this scope
	 */
	default List<RoutingScope> fallbackChain() {
		List<RoutingScope> chain = new ArrayList<>(3);
		for (RoutingScope scope = this; scope != null; scope = scope.broader()) {
			chain.add(scope);
		}
		return List.copyOf(chain);
	}

	/**
	 * The whole cluster.
	 *
	 * @since 0.1.0
	 */
	final class Cluster implements RoutingScope {

		static final Cluster INSTANCE = new Cluster();

		private Cluster() {
		}

		@Override
		public @Nullable String datacenter() {
			return null;
		}

		@Override
		public @Nullable String rack() {
			return null;
		}

		@Override
		public @Nullable RoutingScope broader() {
			return null;
		}

		@Override
		public String toString() {
			return "cluster";
		}

	}

	/**
	 * One datacenter.
	 *
	 * @param datacenter the datacenter name
	 * @since 0.1.0
	 */
	record Datacenter(String datacenter) implements RoutingScope {

		/**
		 * Validates the name.
		 * @param datacenter the datacenter name
		 */
		public Datacenter {
			requireName(datacenter, "datacenter");
		}

		@Override
		public @Nullable String rack() {
			return null;
		}

		@Override
		public RoutingScope broader() {
			return Cluster.INSTANCE;
		}

		@Override
		public String toString() {
			return "datacenter '" + this.datacenter + "'";
		}

	}

	/**
	 * One rack of one datacenter.
	 *
	 * @param datacenter the datacenter name
	 * @param rack the rack name
	 * @since 0.1.0
	 */
	record Rack(String datacenter, String rack) implements RoutingScope {

		/**
		 * Validates the names.
		 * @param datacenter the datacenter name
		 * @param rack the rack name
		 */
		public Rack {
			requireName(datacenter, "datacenter");
			requireName(rack, "rack");
		}

		@Override
		public RoutingScope broader() {
			return new Datacenter(this.datacenter);
		}

		@Override
		public String toString() {
			return "rack '" + this.rack + "' of datacenter '" + this.datacenter + "'";
		}

	}

	private static void requireName(@Nullable String value, String what) {
		if (value == null || value.isBlank()) {
			throw new AlternatorConfigurationException(what, what + " cannot be null or empty");
		}
		Objects.requireNonNull(value);
	}

}
