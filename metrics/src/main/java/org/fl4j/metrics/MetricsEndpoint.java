package org.fl4j.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server answering {@code GET /metrics} in the Prometheus text format, on one address and port (plain
 * HTTP: bind it to localhost, the default, or to an address only the monitoring network reaches).
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code registry}.
     *
     * @throws IOException naming the address when the port is in use or cannot be bound
     */
    public static MetricsEndpoint start(PrometheusRegistry registry, MetricsSettings settings) throws IOException {
        try {
            HTTPServer server = HTTPServer.builder().hostname(settings.address()).port(settings.port())
                    .registry(registry).buildAndStart();
            MetricsEndpoint endpoint = new MetricsEndpoint(server);
            LOG.info("Serving Prometheus metrics on http://{}:{}/metrics", settings.address(), endpoint.port());
            return endpoint;
        } catch (BindException e) {
            throw new IOException("cannot serve metrics on " + settings.address() + ":" + settings.port() + ": "
                    + (e.getMessage() == null ? "the port is in use" : e.getMessage())
                    + " (" + settings.setting() + "; choose a free port)", e);
        }
    }

    /** The port bound (the chosen one when the settings asked for 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
