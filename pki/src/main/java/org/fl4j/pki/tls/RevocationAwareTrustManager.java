package org.fl4j.pki.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.RevocationCheck;

/**
 * The JDK's PKIX trust manager restricted to our root (and our intermediates to complete chains), followed
 * by a CRL check of the peer's certificate. The JDK part also checks validity dates, KeyUsage and
 * ExtendedKeyUsage (a client certificate cannot act as a server and the reverse) and, on the client, the
 * server's host name against its SANs. A client's refused chain is reported as a {@link RefusedCertificate},
 * which names the certificate for the log of refused handshakes ({@link HandshakeRefusals}).
 */
final class RevocationAwareTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final RevocationCheck revocation;

    private RevocationAwareTrustManager(X509ExtendedTrustManager pkix, RevocationCheck revocation) {
        this.pkix = pkix;
        this.revocation = revocation;
    }

    static RevocationAwareTrustManager of(TlsMaterial material) {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate root : material.anchors()) {
                anchors.add(new TrustAnchor(root, null));
            }
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, new X509CertSelector());
            params.setRevocationEnabled(false); // our CRL is checked below, without network fetches
            params.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(material.intermediates())));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(new CertPathTrustManagerParameters(params));
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new RevocationAwareTrustManager(x, material.revocation());
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager for PKIX");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the PKIX trust manager: " + e.getMessage(), e);
        }
    }

    private void notRevoked(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer sent no certificate");
        }
        if (revocation.isRevoked(chain[0])) {
            String problem = revocation.problem();
            throw new CertificateException(problem != null
                    ? "revocation list unusable, refusing " + Certificates.commonName(chain[0]) + ": " + problem
                    : "certificate of '" + Certificates.commonName(chain[0]) + "' (serial "
                            + chain[0].getSerialNumber().toString(16) + ") is revoked");
        }
    }

    /** A check of a client's chain; a refusal names the certificate ({@link RefusedCertificate}). */
    private interface ClientCheck {
        void run() throws CertificateException;
    }

    private void checkClient(X509Certificate[] chain, ClientCheck pkixCheck) throws CertificateException {
        try {
            pkixCheck.run();
        } catch (CertificateException e) {
            throw RefusedCertificate.byPkix(chain, e);
        }
        try {
            notRevoked(chain);
        } catch (CertificateException e) {
            throw RefusedCertificate.byRevocation(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClient(chain, () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClient(chain, () -> pkix.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClient(chain, () -> pkix.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        notRevoked(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
        notRevoked(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
        notRevoked(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
