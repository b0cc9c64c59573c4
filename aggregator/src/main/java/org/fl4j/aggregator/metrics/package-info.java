/**
 * The aggregator's Prometheus metrics: {@link org.fl4j.aggregator.metrics.PrometheusMetrics} listens to the
 * federation and keeps counters, gauges and histograms in a registry, which {@link org.fl4j.metrics.MetricsEndpoint}
 * serves as {@code /metrics} in the Prometheus text format on the address and port of the plan (off unless
 * configured; localhost unless told otherwise).
 */
package org.fl4j.aggregator.metrics;
