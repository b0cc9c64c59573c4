package org.fl4j.pki.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.fl4j.pki.PkiException;

/**
 * JDK {@link SSLContext}s from the workspace's PKI files, for what is not gRPC (the aggregator's HTTPS
 * dashboard, and its clients). Same trust as {@link TlsContexts}: only the chain file's root, our intermediates
 * to complete chains, and the CRL; whether the server asks for a client certificate is the caller's choice
 * ({@link javax.net.ssl.SSLParameters#setNeedClientAuth} or {@code setWantClientAuth}).
 */
public final class JdkTlsContexts {

    private static final char[] NO_PASSWORD = new char[0];

    private JdkTlsContexts() {
    }

    /** A context presenting {@code files}' certificate and trusting the federation's root. */
    public static SSLContext of(TlsFiles files) {
        TlsMaterial m = TlsMaterial.load(files);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("endpoint", m.key(), NO_PASSWORD, m.keyChain().toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[] {RevocationAwareTrustManager.of(m)},
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot build a TLS context from " + files.certificate() + ": " + e.getMessage(),
                    e);
        }
    }
}
