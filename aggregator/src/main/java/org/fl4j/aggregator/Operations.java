package org.fl4j.aggregator;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.fl4j.aggregator.audit.AuditLog;
import org.fl4j.aggregator.dashboard.DashboardServer;
import org.fl4j.aggregator.metrics.PrometheusMetrics;
import org.fl4j.aggregator.ops.OperationsService;
import org.fl4j.aggregator.round.Federation;
import org.fl4j.aggregator.round.FederationListener;
import org.fl4j.metrics.MetricsEndpoint;
import org.fl4j.pki.tls.HandshakeRefusals;

/**
 * The operator's side of an aggregator: status service, metrics endpoint, dashboard and audit log, started
 * together.
 */
final class Operations implements AutoCloseable {

    private final OperationsService service;
    private final PrometheusMetrics metrics;
    private final MetricsEndpoint endpoint;
    private final DashboardServer dashboard;
    private final AuditLog audit;

    private Operations(OperationsService service, PrometheusMetrics metrics, MetricsEndpoint endpoint,
            DashboardServer dashboard, AuditLog audit) {
        this.service = service;
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.dashboard = dashboard;
        this.audit = audit;
    }

    /**
     * Binds the metrics port first, then the dashboard's (nothing else is started when one fails), then opens
     * the audit log.
     */
    static Operations start(AggregatorConfig config, OperationsOptions ops, HandshakeRefusals handshakes, Clock clock)
            throws IOException {
        PrometheusMetrics metrics = null;
        MetricsEndpoint endpoint = null;
        DashboardServer dashboard = null;
        AuditLog audit = null;
        AtomicReference<Operations> started = new AtomicReference<>();
        AtomicReference<AuditLog> head = new AtomicReference<>();
        OperationsService service = new OperationsService(config.federationId(), config.name(), config.collaborators(),
                config.longPoll(), () -> head.get() == null ? null : head.get().head());
        try {
            if (ops.metrics() != null) {
                metrics = new PrometheusMetrics(handshakes);
                endpoint = MetricsEndpoint.start(metrics.registry(), ops.metrics());
            }
            if (ops.dashboard() != null) {
                String headline = config.bestModelMetric().task() + "/" + config.bestModelMetric().metric();
                dashboard = DashboardServer.start(ops.dashboard(), service::status, headline,
                        new LateCalls(started));
            }
            if (ops.auditLog() != null) {
                try {
                    audit = AuditLog.open(ops.auditLog(), clock);
                } catch (IOException | RuntimeException e) {
                    throw new IOException("cannot open the audit log " + ops.auditLog() + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            new Operations(service, metrics, endpoint, dashboard, audit).close();
            throw e;
        }
        head.set(audit);
        Operations operations = new Operations(service, metrics, endpoint, dashboard, audit);
        started.set(operations);
        return operations;
    }

    FederationListener listener() {
        List<FederationListener> all = new ArrayList<>();
        all.add(service.listener());
        if (metrics != null) {
            all.add(metrics);
        }
        if (dashboard != null) {
            all.add(dashboard.listener());
        }
        if (audit != null) {
            all.add(audit);
        }
        return FederationListener.all(all);
    }

    CallListener calls() {
        CallListener activity = service.calls();
        return new CallListener() {
            @Override
            public void admitted(String cn, String role, String method, SocketAddress remote, Object connection) {
                activity.admitted(cn, role, method, remote, connection);
                if (audit != null) {
                    audit.admitted(cn, role, method, remote, connection);
                }
            }

            @Override
            public void refused(String cn, String method, String reason, String detail, SocketAddress remote) {
                activity.refused(cn, method, reason, detail, remote);
                if (metrics != null) {
                    metrics.callRefused(reason);
                }
                if (audit != null) {
                    audit.refused(cn, method, reason, detail, remote);
                }
            }
        };
    }

    void attach(Federation federation) {
        service.attach(federation);
    }

    OperationsService service() {
        return service;
    }

    int metricsPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    int dashboardPort() {
        return dashboard == null ? -1 : dashboard.port();
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (audit != null) {
            audit.close();
        }
    }

    /** The dashboard's requests, told to the same observers as gRPC calls once everything has started. */
    private record LateCalls(AtomicReference<Operations> operations) implements CallListener {
        @Override
        public void admitted(String cn, String role, String method, SocketAddress remote, Object connection) {
            Operations o = operations.get();
            if (o != null) {
                o.calls().admitted(cn, role, method, remote, connection);
            }
        }

        @Override
        public void refused(String cn, String method, String reason, String detail, SocketAddress remote) {
            Operations o = operations.get();
            if (o != null) {
                o.calls().refused(cn, method, reason, detail, remote);
            }
        }
    }
}
