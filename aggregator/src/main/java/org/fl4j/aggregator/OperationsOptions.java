package org.fl4j.aggregator;

import java.nio.file.Path;
import org.fl4j.aggregator.metrics.MetricsSettings;

/**
 * What the aggregator offers its operators besides the federation: a Prometheus {@code /metrics} endpoint
 * (null: none) and an audit log (null: none). The operator status service is always served.
 */
public record OperationsOptions(MetricsSettings metrics, Path auditLog) {

    /** No metrics endpoint, no audit log. */
    public static final OperationsOptions NONE = new OperationsOptions(null, null);
}
