package org.fl4j.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Bouncy Castle provider, used explicitly where the JDK's providers lack an algorithm by OID (reading
 * the key of a CSR). It is never installed globally, so the JDK stays in charge of TLS.
 */
final class Bc {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
