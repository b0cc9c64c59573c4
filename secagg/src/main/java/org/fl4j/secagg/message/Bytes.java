package org.fl4j.secagg.message;

import java.util.HexFormat;

/** Copies and shows the byte fields of messages. */
final class Bytes {

    private Bytes() {
    }

    static byte[] copy(byte[] b, String what) {
        if (b == null) {
            throw new NullPointerException(what);
        }
        return b.clone();
    }

    static String show(byte[] b) {
        String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, 4));
        return b.length + " bytes " + hex + (b.length > 4 ? "..." : "");
    }
}
