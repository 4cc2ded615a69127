package dev.alternator.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PromQl}.
 */
class PromQlTests {

	@Test
	void bareSelectorIsItsMetricName() {
		assertThat(PromQl.metricNames("alternator_nodes_live_nodes")).containsExactly("alternator_nodes_live_nodes");
	}

	@Test
	void functionsAggregationsAndGroupingLabelsAreNotMetricNames() {
		assertThat(PromQl.metricNames(
				"histogram_quantile(0.99, sum by (le, operation) (rate(alternator_api_calls_seconds_bucket[5m])))"))
			.containsExactly("alternator_api_calls_seconds_bucket");
		assertThat(PromQl.metricNames("sum(rate(x_total[1m])) without (instance, job)")).containsExactly("x_total");
	}

	@Test
	void labelMatchersStringsAndGrafanaVariablesAreSkipped() {
		assertThat(PromQl.metricNames(
				"sum by (node, outcome) (rate(alternator_requests_total{instance=~\"$instance\", outcome!=\"success\"}[$__rate_interval]))"))
			.containsExactly("alternator_requests_total");
		assertThat(PromQl.metricNames("label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\")")).containsExactly("up");
	}

	@Test
	void everyOperandOfABinaryExpressionIsFound() {
		assertThat(PromQl.metricNames(
				"sum by (outcome) (rate(a_sum[5m])) / on (outcome) group_left (node) sum by (outcome) (rate(a_count[5m])) > bool 0.5 and b offset 1h"))
			.containsExactly("a_sum", "a_count", "b");
	}

	@Test
	void numbersAndDurationsAreNotMetricNames() {
		assertThat(PromQl.metricNames("max_over_time(x[1h:5m]) * 1e3 + 0.5")).containsExactly("x");
	}

	@Test
	void labelValuesVariableQueryReadsItsMetric() {
		assertThat(PromQl.metricNames("label_values(alternator_nodes_live_nodes, instance)"))
			.containsExactly("alternator_nodes_live_nodes");
		assertThat(PromQl.metricNames("label_values(alternator_requests_total{outcome=\"success\"}, node)"))
			.containsExactly("alternator_requests_total");
		assertThat(PromQl.metricNames("label_values(instance)")).isEmpty();
	}

}
