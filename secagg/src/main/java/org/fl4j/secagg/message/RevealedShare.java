package org.fl4j.secagg.message;

import java.util.Arrays;
import java.util.Objects;

/** One share revealed in stage UNMASK: {@code owner}'s secret of {@code kind}, at point {@code x}. */
public record RevealedShare(String owner, Kind kind, int x, byte[] y) {

    /** Which of the owner's two secrets. */
    public enum Kind {
        /** The self-mask seed: revealed for survivors. */
        SELF_SEED,
        /** The mask key's private half: revealed for collaborators that dropped after sharing. */
        MASK_KEY
    }

    public RevealedShare {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        y = Bytes.copy(y, "y");
    }

    @Override
    public byte[] y() {
        return y.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RevealedShare r && r.owner.equals(owner) && r.kind == kind && r.x == x
                && Arrays.equals(r.y, y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, kind, x);
    }

    @Override
    public String toString() {
        return "RevealedShare[" + owner + " " + kind + " x=" + x + "]";
    }
}
