package dev.alternator.client.internal.routing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import dev.alternator.client.internal.affinity.KeyAffinity;
import dev.alternator.client.internal.common.Activity;
import dev.alternator.client.internal.node.Membership;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;
import dev.alternator.client.internal.replica.ReplicaRouting;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;

/**
 * Builds each call's {@link QueryPlan} from one read of the current snapshot: by the
 * request's partition key when key affinity applies to it (the cross-language key→node
 * rule wins over replicas), else starting at a replica of its key when replica-aware
 * routing knows them, else round-robin from a shared rotation counter that starts at a
 * random value. Every call takes one turn of the counter, whichever plan it gets. Every
 * plan counts as activity for discovery.
 * <p>
 * Thread-safe.
 */
public final class Planner {

	private final Membership membership;

	private final Activity activity;

	private final @Nullable KeyAffinity keyAffinity;

	private final @Nullable ReplicaRouting replicaRouting;

	private final AtomicInteger rotation;

	/**
	 * Creates the planner.
	 * @param membership the routing list
	 * @param activity notified of every plan
	 * @param keyAffinity key-affinity routing, or {@code null} when off
	 * @param random chooses where the rotation starts
	 */
	public Planner(Membership membership, Activity activity, @Nullable KeyAffinity keyAffinity,
			RandomGenerator random) {
		this(membership, activity, keyAffinity, null, random);
	}

	/**
	 * Creates the planner.
	 * @param membership the routing list
	 * @param activity notified of every plan
	 * @param keyAffinity key-affinity routing, or {@code null} when off
	 * @param replicaRouting replica-aware routing, or {@code null} when off
	 * @param random chooses where the rotation starts
	 */
	public Planner(Membership membership, Activity activity, @Nullable KeyAffinity keyAffinity,
			@Nullable ReplicaRouting replicaRouting, RandomGenerator random) {
		this.membership = membership;
		this.activity = activity;
		this.keyAffinity = keyAffinity;
		this.replicaRouting = replicaRouting;
		this.rotation = new AtomicInteger(random.nextInt());
	}

	/**
	 * A round-robin plan for one call.
	 * @return the plan
	 */
	public QueryPlan newPlan() {
		this.activity.mark();
		return new RotatingPlan(this.membership.topology(), this.rotation.getAndIncrement());
	}

	/**
	 * A plan for one call: routed by the request's partition key when key affinity
	 * applies to it, else starting at a replica of its key when known, else
	 * {@linkplain #newPlan() round-robin}.
	 * @param request the typed SDK request
	 * @return the plan
	 */
	public QueryPlan newPlan(SdkRequest request) {
		KeyAffinity affinity = this.keyAffinity;
		if (affinity != null) {
			QueryPlan plan = affinity.plan(request, this.membership.topology());
			if (plan != null) {
				this.activity.mark();
				return plan;
			}
		}
		ReplicaRouting replicas = this.replicaRouting;
		if (replicas == null) {
			return newPlan();
		}
		this.activity.mark();
		Topology topology = this.membership.topology();
		int counter = this.rotation.getAndIncrement();
		QueryPlan plan = replicas.plan(request, topology, counter);
		return (plan != null) ? plan : new RotatingPlan(topology, counter);
	}

}
