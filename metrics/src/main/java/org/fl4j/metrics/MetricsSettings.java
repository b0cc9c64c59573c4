package org.fl4j.metrics;

import java.util.Objects;

/**
 * Where a process serves {@code /metrics}: an address (default {@value #LOCALHOST}) and a port (0 picks a free
 * port, tests), and the setting they came from, which an error names: {@code aggregator.settings.metrics_port}
 * for the aggregator, {@code --metrics-port} for a collaborator.
 */
public record MetricsSettings(String address, int port, String setting) {

    public static final String LOCALHOST = "127.0.0.1";

    public MetricsSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(setting, "setting");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(setting + " must be in 0..65535, found " + port);
        }
    }

    /** The aggregator's: {@code aggregator.settings.metrics_port} and {@code metrics_address}. */
    public MetricsSettings(String address, int port) {
        this(address, port, "aggregator.settings.metrics_port");
    }
}
