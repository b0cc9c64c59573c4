package org.fl4j.secagg.client;

import java.security.cert.X509Certificate;

/** A neighbour whose relayed keys passed every check: certificate, name and signature. */
record Neighbour(String name, X509Certificate certificate, byte[] cipherPublicKey, byte[] maskPublicKey) {
}
