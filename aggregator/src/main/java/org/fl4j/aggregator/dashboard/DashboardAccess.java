package org.fl4j.aggregator.dashboard;

import com.sun.net.httpserver.HttpsExchange;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.PkiException;

/**
 * Decides whether one HTTPS request may read the dashboard, from the TLS session (whose client certificate,
 * when there is one, the handshake already checked against the federation's root and CRL) and the peer's
 * address, as {@link DashboardSettings.Access} says. A collaborator's certificate is always refused.
 */
final class DashboardAccess {

    /** A refused request: the HTTP status, a stable reason label (metrics, audit) and the message sent. */
    record Refusal(int status, String reason, String cn, String message) {
    }

    private final DashboardSettings.Access access;

    DashboardAccess(DashboardSettings.Access access) {
        this.access = access;
    }

    /** Who is asking (the certificate's CN, or "(none)"), or why not. */
    Optional<Refusal> check(HttpsExchange exchange) {
        X509Certificate leaf = peer(exchange);
        String cn = "(none)";
        if (leaf != null) {
            try {
                cn = Certificates.commonName(leaf);
            } catch (PkiException e) {
                return Optional.of(new Refusal(403, "no_certificate", cn, "unusable client certificate: "
                        + e.getMessage()));
            }
            if (!Certificates.isOperator(leaf)) {
                return Optional.of(new Refusal(403, "not_an_operator", cn, "'" + cn + "' presented a collaborator"
                        + " certificate: the dashboard needs an operator certificate (fx pki operator)"));
            }
            return Optional.empty();
        }
        if (access == DashboardSettings.Access.OPERATOR) {
            return Optional.of(new Refusal(403, "no_certificate", cn, "the dashboard needs an operator"
                    + " certificate (fx pki operator; aggregator.settings.dashboard_access: operator)"));
        }
        InetSocketAddress remote = exchange.getRemoteAddress();
        if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return Optional.of(new Refusal(403, "not_localhost", cn, "the dashboard is served to this machine"
                    + " only, or to an operator certificate (aggregator.settings.dashboard_access: localhost)"));
        }
        return Optional.empty();
    }

    /** The verified client certificate of the request, or null when the client presented none. */
    static X509Certificate peer(HttpsExchange exchange) {
        try {
            Certificate[] chain = exchange.getSSLSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The CN of the request's certificate, or "(none)". */
    static String cn(HttpsExchange exchange) {
        X509Certificate leaf = peer(exchange);
        try {
            return leaf == null ? "(none)" : Certificates.commonName(leaf);
        } catch (PkiException e) {
            return "(none)";
        }
    }
}
