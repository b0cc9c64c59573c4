package org.fl4j.e2e.bench;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.fl4j.pki.Pem;
import org.fl4j.pki.tls.TlsFiles;

/** A plain JDK {@link SSLContext} (TLS 1.3) from the same PKI files the federation uses: the baseline's TLS. */
final class JdkTls {

    private JdkTls() {
    }

    static SSLContext context(TlsFiles files) throws Exception {
        char[] password = "bench".toCharArray();
        PrivateKey key = Pem.readPrivateKey(files.privateKey());
        List<X509Certificate> chain = new ArrayList<>(Pem.readCertificates(files.certificate()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate c : Pem.readCertificates(files.trustedChain())) {
            if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                trust.setCertificateEntry("root" + i++, c);
            } else if (!chain.contains(c)) {
                chain.add(c);
            }
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("key", key, password, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
