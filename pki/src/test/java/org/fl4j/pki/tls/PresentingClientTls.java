package org.fl4j.pki.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import org.fl4j.pki.Pem;

/**
 * A test fixture (in fl4j-pki's test-jar): a client TLS context that presents its certificate whatever
 * certificate authorities the server asks for, as clients built on OpenSSL's defaults (curl, Python) do. fl4j's
 * own client, like the JDK's, presents only a certificate issued by a CA the server names, so without this a
 * certificate of another CA never reaches the server's trust manager.
 */
public final class PresentingClientTls {

    private static final String ALIAS = "client";

    private PresentingClientTls() {
    }

    /** A client context presenting {@code files}' certificate and trusting the roots of {@code files}' chain. */
    public static SslContext context(TlsFiles files) {
        X509Certificate[] chain = Pem.readCertificates(files.certificate()).toArray(X509Certificate[]::new);
        PrivateKey key = Pem.readPrivateKey(files.privateKey());
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient()
                    .keyManager(new AlwaysPresent(key, chain))
                    .trustManager(files.trustedChain().toFile())).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a client context from " + files.certificate(), e);
        }
    }

    /** Offers the one key and chain for every request of a client certificate. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {

        private final PrivateKey key;
        private final X509Certificate[] chain;

        AlwaysPresent(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
