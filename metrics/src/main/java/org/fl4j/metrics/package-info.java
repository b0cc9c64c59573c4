/**
 * Serving Prometheus metrics: {@link org.fl4j.metrics.MetricsEndpoint} answers {@code GET /metrics} with a
 * registry in the Prometheus text format, on the address and port of {@link org.fl4j.metrics.MetricsSettings}.
 * The aggregator's metrics are in {@code org.fl4j.aggregator.metrics}, a collaborator's in
 * {@code org.fl4j.collaborator.metrics}.
 */
package org.fl4j.metrics;
