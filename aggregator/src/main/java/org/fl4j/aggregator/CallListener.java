package org.fl4j.aggregator;

import java.net.SocketAddress;

/**
 * What {@link PeerAuthentication} tells observers (the audit log, metrics) about each call it admits or refuses.
 * Called on gRPC's threads: implementations must be quick and must not throw.
 */
public interface CallListener {

    /** Tells nobody. */
    CallListener NONE = new CallListener() {
    };

    /**
     * A call was admitted.
     *
     * @param connection identifies the TLS session (or in-process connection) the call came on, so a listener can
     *     tell a new connection from another call on a known one; null when unknown
     */
    default void admitted(String cn, String role, String method, SocketAddress remote, Object connection) {
    }

    /**
     * A call was refused before any message of it was read.
     *
     * @param reason a stable label: no_tls, no_certificate, revoked, not_in_cols, operator_as_collaborator,
     *     not_an_operator
     * @param detail the message the caller was sent
     */
    default void refused(String cn, String method, String reason, String detail, SocketAddress remote) {
    }
}
