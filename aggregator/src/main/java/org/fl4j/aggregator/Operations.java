package org.fl4j.aggregator;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.aggregator.audit.AuditLog;
import org.fl4j.aggregator.metrics.MetricsEndpoint;
import org.fl4j.aggregator.metrics.PrometheusMetrics;
import org.fl4j.aggregator.ops.OperationsService;
import org.fl4j.aggregator.round.Federation;
import org.fl4j.aggregator.round.FederationListener;
import org.fl4j.pki.tls.HandshakeRefusals;

/** The operator's side of an aggregator: status service, metrics endpoint and audit log, started together. */
final class Operations implements AutoCloseable {

    private final OperationsService service;
    private final PrometheusMetrics metrics;
    private final MetricsEndpoint endpoint;
    private final AuditLog audit;

    private Operations(OperationsService service, PrometheusMetrics metrics, MetricsEndpoint endpoint,
            AuditLog audit) {
        this.service = service;
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.audit = audit;
    }

    /** Binds the metrics port first (nothing else is started when it fails), then opens the audit log. */
    static Operations start(AggregatorConfig config, OperationsOptions ops, HandshakeRefusals handshakes, Clock clock)
            throws IOException {
        PrometheusMetrics metrics = null;
        MetricsEndpoint endpoint = null;
        if (ops.metrics() != null) {
            metrics = new PrometheusMetrics(handshakes);
            endpoint = MetricsEndpoint.start(metrics.registry(), ops.metrics());
        }
        AuditLog audit = null;
        try {
            if (ops.auditLog() != null) {
                audit = AuditLog.open(ops.auditLog(), clock);
            }
        } catch (IOException | RuntimeException e) {
            if (endpoint != null) {
                endpoint.close();
            }
            throw new IOException("cannot open the audit log " + ops.auditLog() + ": " + e.getMessage(), e);
        }
        AuditLog head = audit;
        OperationsService service = new OperationsService(config.federationId(), config.name(), config.collaborators(),
                config.longPoll(), () -> head == null ? null : head.head());
        return new Operations(service, metrics, endpoint, audit);
    }

    FederationListener listener() {
        List<FederationListener> all = new ArrayList<>();
        all.add(service.listener());
        if (metrics != null) {
            all.add(metrics);
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

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (audit != null) {
            audit.close();
        }
    }
}
