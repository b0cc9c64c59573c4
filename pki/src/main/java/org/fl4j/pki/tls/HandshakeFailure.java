package org.fl4j.pki.tls;

import io.grpc.netty.shaded.io.netty.handler.ssl.NotSslRecordException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why a server's TLS handshake failed, read from the failure's cause: the reason, the message of the check that
 * failed, and the certificate the client presented (empty subject and issuer when it presented none or the
 * handshake never got that far). A refused certificate is recognised by the {@link RefusedCertificate} our trust
 * manager throws. Other failures carry nothing but a message to tell them apart (a missing client certificate,
 * an alert from the peer, no common TLS version): the messages of both TLS engines gRPC may use are matched,
 * BoringSSL's ({@code PEER_DID_NOT_RETURN_A_CERTIFICATE}, {@code ..._ALERT_...}) and the JDK's ({@code Empty
 * client certificate chain}, {@code Received fatal alert}); anything unrecognised is
 * {@link HandshakeRefusals.Reason#OTHER}, with its message.
 */
record HandshakeFailure(HandshakeRefusals.Reason reason, String detail, String subject, String issuer) {

    static HandshakeFailure of(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof RefusedCertificate r) {
                return new HandshakeFailure(r.reason(), message(r), r.subject(), r.issuer());
            }
            deepest = c;
        }
        String detail = message(deepest);
        String text = detail.toLowerCase(Locale.ROOT);
        HandshakeRefusals.Reason reason;
        if (has(failure, NotSslRecordException.class)) {
            reason = HandshakeRefusals.Reason.NOT_TLS;
        } else if (has(failure, SslHandshakeTimeoutException.class)) {
            reason = HandshakeRefusals.Reason.TIMEOUT;
        } else if (text.contains("peer_did_not_return_a_certificate") || text.contains("empty client certificate")
                || text.contains("certificate_required")) {
            reason = HandshakeRefusals.Reason.NO_CERTIFICATE;
        } else if (text.contains("alert")) {
            reason = HandshakeRefusals.Reason.PEER_ALERT;
        } else if (has(failure, ClosedChannelException.class) || !has(failure, SSLHandshakeException.class)
                && text.contains("closed")) {
            reason = HandshakeRefusals.Reason.ABANDONED;
        } else if (text.contains("protocol") || text.contains("cipher") || text.contains("version")) {
            reason = HandshakeRefusals.Reason.TLS_PARAMETERS;
        } else {
            reason = HandshakeRefusals.Reason.OTHER;
        }
        return new HandshakeFailure(reason, detail, "", "");
    }

    /** True when a certificate was presented (and refused). */
    boolean hasCertificate() {
        return !subject.isEmpty();
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
