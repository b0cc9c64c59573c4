package org.fl4j.pki.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;

/**
 * A client certificate the server's trust manager refused, carrying what the handshake's failure alone does not:
 * who the certificate names and who issued it, and why it was refused. The JDK wraps it in the handshake's
 * exception, where {@link HandshakeFailure} finds it. Its message and cause are those of the check that failed,
 * so the handshake fails exactly as it would without it.
 */
final class RefusedCertificate extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final transient HandshakeRefusals.Reason reason;
    private final String subject;
    private final String issuer;

    private RefusedCertificate(CertificateException refusal, HandshakeRefusals.Reason reason, X509Certificate leaf) {
        super(refusal.getMessage(), refusal);
        this.reason = reason;
        this.subject = leaf == null ? "" : leaf.getSubjectX500Principal().getName();
        this.issuer = leaf == null ? "" : leaf.getIssuerX500Principal().getName();
    }

    /** The PKIX check refused the chain: a certificate outside its validity period, or one we do not trust. */
    static RefusedCertificate byPkix(X509Certificate[] chain, CertificateException refusal) {
        return new RefusedCertificate(refusal, outsideValidity(refusal) ? HandshakeRefusals.Reason.EXPIRED_CERTIFICATE
                : HandshakeRefusals.Reason.UNTRUSTED_CERTIFICATE, leaf(chain));
    }

    /** The revocation check refused the chain. */
    static RefusedCertificate byRevocation(X509Certificate[] chain, CertificateException refusal) {
        return new RefusedCertificate(refusal, HandshakeRefusals.Reason.REVOKED_CERTIFICATE, leaf(chain));
    }

    HandshakeRefusals.Reason reason() {
        return reason;
    }

    /** The certificate's subject (RFC 2253), empty when none was presented. */
    String subject() {
        return subject;
    }

    /** The certificate's issuer (RFC 2253), empty when none was presented. */
    String issuer() {
        return issuer;
    }

    private static X509Certificate leaf(X509Certificate[] chain) {
        return chain == null || chain.length == 0 ? null : chain[0];
    }

    private static boolean outsideValidity(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return true;
            }
            if (c instanceof CertPathValidatorException v
                    && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                            || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }
}
