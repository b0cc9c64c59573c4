package org.fl4j.aggregator.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsVersion;

/**
 * Where and to whom the aggregator serves its read-only dashboard: {@code aggregator.settings.dashboard_port}
 * (0 picks a free port, tests), {@code dashboard_address} (default {@value #LOCALHOST}) and
 * {@code dashboard_access}; always HTTPS with the aggregator's certificate ({@code tls}).
 *
 * @param access who may read it (see {@link Access})
 * @param tls the aggregator's TLS files: its certificate and key, the federation's chain and CRL
 * @param minimum the lowest TLS version accepted, as for the gRPC port
 */
public record DashboardSettings(String address, int port, Access access, TlsFiles tls, TlsVersion minimum) {

    public static final String LOCALHOST = "127.0.0.1";

    /** Who may read the dashboard. */
    public enum Access {
        /**
         * The default: connections from this machine's loopback addresses only, with or without a client
         * certificate; a certificate that is presented must be an operator's (a collaborator's is refused).
         */
        LOCALHOST,
        /** Any address that reaches the port, with an operator certificate of the federation (fx pki operator). */
        OPERATOR;

        public String planName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static List<String> planNames() {
            return List.of(LOCALHOST.planName(), OPERATOR.planName());
        }

        public static Access ofPlanName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public DashboardSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(minimum, "minimum");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dashboard port must be in 0..65535, found " + port);
        }
    }
}
