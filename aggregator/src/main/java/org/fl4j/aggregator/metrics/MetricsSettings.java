package org.fl4j.aggregator.metrics;

import java.util.Objects;

/**
 * Where the aggregator serves {@code /metrics}: {@code aggregator.settings.metrics_port} (0 picks a free port,
 * tests) and {@code metrics_address} (default {@value #LOCALHOST}).
 */
public record MetricsSettings(String address, int port) {

    public static final String LOCALHOST = "127.0.0.1";

    public MetricsSettings {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be in 0..65535, found " + port);
        }
    }
}
