package org.fl4j.aggregator;

import java.nio.file.Path;
import org.fl4j.aggregator.dashboard.DashboardSettings;
import org.fl4j.metrics.MetricsSettings;

/**
 * What the aggregator offers its operators besides the federation: a Prometheus {@code /metrics} endpoint
 * (null: none), an audit log (null: none) and the HTTPS dashboard (null: none). The operator status service is
 * always served.
 */
public record OperationsOptions(MetricsSettings metrics, Path auditLog, DashboardSettings dashboard) {

    /** No metrics endpoint, no audit log, no dashboard. */
    public static final OperationsOptions NONE = new OperationsOptions(null, null, null);

    /** A metrics endpoint and an audit log as given, no dashboard. */
    public OperationsOptions(MetricsSettings metrics, Path auditLog) {
        this(metrics, auditLog, null);
    }
}
