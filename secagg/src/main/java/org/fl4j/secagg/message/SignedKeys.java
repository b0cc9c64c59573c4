package org.fl4j.secagg.message;

import java.util.Arrays;
import java.util.Objects;

/** A neighbour's keys as the aggregator relays them, with the certificate (DER) from the neighbour's TLS session. */
public record SignedKeys(KeyAdvertisement keys, byte[] certificate) {

    public SignedKeys {
        Objects.requireNonNull(keys, "keys");
        certificate = Bytes.copy(certificate, "certificate");
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedKeys s && s.keys.equals(keys) && Arrays.equals(s.certificate, certificate);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    @Override
    public String toString() {
        return "SignedKeys[" + keys + ", certificate=" + Bytes.show(certificate) + "]";
    }
}
