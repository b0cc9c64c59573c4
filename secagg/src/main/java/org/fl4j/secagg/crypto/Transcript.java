package org.fl4j.secagg.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The canonical byte encoding of what fl4j signs, derives keys from, or authenticates: a domain-separation label
 * then fields in a fixed order, each text or byte field as a 4-byte big-endian length and its bytes (text in
 * UTF-8), each number as 8 bytes big-endian, each list of names as a 4-byte count and its names. The encoding is
 * injective: two different field sequences under one label never give the same bytes.
 */
public final class Transcript {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    private Transcript(String label) {
        text(label);
    }

    /** A transcript that starts with {@code label} (one of {@link Labels}). */
    public static Transcript of(String label) {
        return new Transcript(label);
    }

    public Transcript text(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public Transcript bytes(byte[] value) {
        int32(value.length);
        out.writeBytes(value);
        return this;
    }

    public Transcript number(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    public Transcript names(List<String> names) {
        int32(names.size());
        for (String n : names) {
            text(n);
        }
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    private void int32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
