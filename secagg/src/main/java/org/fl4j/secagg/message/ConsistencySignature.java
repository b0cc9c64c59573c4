package org.fl4j.secagg.message;

import java.util.Arrays;
import java.util.Objects;
import org.fl4j.secagg.Stage;

/** Stage CONSISTENCY: {@code signer}'s certificate-key signature over the federation, round and survivors. */
public record ConsistencySignature(long round, String signer, byte[] signature) implements ClientMessage {

    public ConsistencySignature {
        Objects.requireNonNull(signer, "signer");
        signature = Bytes.copy(signature, "signature");
    }

    @Override
    public Stage stage() {
        return Stage.CONSISTENCY;
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencySignature c && c.round == round && c.signer.equals(signer)
                && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, signer, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "ConsistencySignature[round=" + round + ", signer=" + signer + ", " + Bytes.show(signature) + "]";
    }
}
