package org.fl4j.protocol.rpc;

import com.google.protobuf.WireFormat;
import io.grpc.HasByteBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.v1.TensorChunk;

/**
 * Splits a received {@code ModelChunk} or {@code ResultChunk} into its tensor bytes, left where the transport
 * put them, and everything else, copied out: the header, a begin frame, a chunk's index and offset (a hundred
 * bytes or so). The copy is the message with every {@code TensorChunk.data} emptied, for protobuf to parse;
 * the tensor bytes stay in the transport's buffers, as views of them. Protobuf's rules hold: a field
 * seen twice keeps its last value, and a begin frame after a chunk drops the chunk (they share a oneof).
 *
 * <p>Fields it does not know are copied out with the rest, for protobuf to keep as unknown fields. Groups,
 * truncated or overlong fields and buffers the transport does not lend make {@link #parse} return null, and the
 * caller parses the whole message with protobuf instead, which accepts what protobuf accepts and refuses the
 * rest with protobuf's own message.
 */
final class ChunkParser {

    private static final int CHUNK_TAG = lengthDelimitedTag(FloatChunk.CHUNK_FIELD);
    private static final int DATA_TAG = lengthDelimitedTag(TensorChunk.DATA_FIELD_NUMBER);
    private static final int BEGIN_FIELD = 2;
    private static final int MAX_VARINT_BYTES = 10;

    /**
     * The message's bytes but its tensor bytes, and the tensor bytes of its chunk as read-only views of the
     * transport's buffers, in order (null when it has none).
     */
    record Split(byte[] rest, List<ByteBuffer> data) {
    }

    /** Not the shape this parser takes: the caller falls back to protobuf. */
    private static final class Unusual extends Exception {
        private static final long serialVersionUID = 1L;

        Unusual() {
            super(null, null, false, false);
        }
    }

    private static final Unusual UNUSUAL = new Unusual();

    private final InputStream in;
    private final HasByteBuffer buffers;
    private int remaining;

    private ChunkParser(InputStream in, HasByteBuffer buffers, int length) {
        this.in = in;
        this.buffers = buffers;
        this.remaining = length;
    }

    /**
     * Reads the whole message from {@code in} ({@code length} bytes), whose {@code buffers} must stay valid until
     * the caller is done with the returned data (gRPC's stream, detached and marked). Null when the message is
     * not of the usual shape; {@code in} is then partly read.
     */
    static Split parse(InputStream in, HasByteBuffer buffers, int length) throws IOException {
        try {
            return new ChunkParser(in, buffers, length).message();
        } catch (Unusual e) {
            return null;
        }
    }

    private Split message() throws IOException, Unusual {
        ByteArrayOutputStream rest = new ByteArrayOutputStream(256);
        List<ByteBuffer> data = null;
        while (remaining > 0) {
            int tag = varint32(false);
            if (tag == CHUNK_TAG) {
                ByteArrayOutputStream chunk = new ByteArrayOutputStream(32);
                List<ByteBuffer> chunkData = chunk(length(), chunk);
                data = chunkData != null ? chunkData : data;
                writeTag(rest, CHUNK_TAG);
                writeLength(rest, chunk.size());
                chunk.writeTo(rest);
            } else {
                if (WireFormat.getTagFieldNumber(tag) == BEGIN_FIELD) {
                    data = null;
                }
                writeTag(rest, tag);
                copyValue(tag, rest);
            }
        }
        return new Split(rest.toByteArray(), data);
    }

    /** Reads a TensorChunk's fields; its data is left out of {@code out} (written empty) and returned. */
    private List<ByteBuffer> chunk(int length, ByteArrayOutputStream out) throws IOException, Unusual {
        int end = remaining - length;
        List<ByteBuffer> data = null;
        while (remaining > end) {
            int tag = varint32(false);
            writeTag(out, tag);
            if (tag == DATA_TAG) {
                data = slices(length());
                writeLength(out, 0);
            } else {
                copyValue(tag, out);
            }
        }
        if (remaining != end) {
            throw UNUSUAL;
        }
        return data;
    }

    /** The next {@code n} bytes as views of the transport's buffers, which the stream then skips. */
    private List<ByteBuffer> slices(int n) throws IOException, Unusual {
        List<ByteBuffer> parts = new ArrayList<>();
        for (int left = n; left > 0;) {
            ByteBuffer next = lent();
            if (next == null || !next.hasRemaining()) {
                throw UNUSUAL;
            }
            int take = Math.min(left, next.remaining());
            parts.add(next.slice(next.position(), take).asReadOnlyBuffer());
            if (in.skip(take) != take) {
                throw UNUSUAL;
            }
            left -= take;
        }
        remaining -= n;
        return parts;
    }

    /** The transport's next buffer, or null where it does not lend it. */
    private ByteBuffer lent() {
        try {
            return buffers.getByteBuffer();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** Copies the value of a field with {@code tag} (already read) into {@code out}. */
    private void copyValue(int tag, ByteArrayOutputStream out) throws IOException, Unusual {
        switch (WireFormat.getTagWireType(tag)) {
            case WireFormat.WIRETYPE_VARINT -> varint64(out);
            case WireFormat.WIRETYPE_FIXED64 -> copy(8, out);
            case WireFormat.WIRETYPE_FIXED32 -> copy(4, out);
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                int n = length();
                writeLength(out, n);
                copy(n, out);
            }
            default -> throw UNUSUAL;
        }
    }

    private void copy(int n, ByteArrayOutputStream out) throws IOException, Unusual {
        if (n > remaining) {
            throw UNUSUAL;
        }
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw UNUSUAL;
        }
        remaining -= n;
        out.write(bytes);
    }

    /** A length prefix: a varint that fits what is left of the message. */
    private int length() throws IOException, Unusual {
        int n = varint32(true);
        if (n < 0 || n > remaining) {
            throw UNUSUAL;
        }
        return n;
    }

    /** A varint of at most 32 significant bits (a tag or a length); tags must be valid ones. */
    private int varint32(boolean isLength) throws IOException, Unusual {
        long value = varint64(null);
        if (value >>> 32 != 0 || (!isLength && (value >>> 3 == 0))) {
            throw UNUSUAL;
        }
        return (int) value;
    }

    /** Reads a varint, copying its bytes to {@code copy} when not null. */
    private long varint64(ByteArrayOutputStream copy) throws IOException, Unusual {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (remaining == 0) {
                throw UNUSUAL;
            }
            int b = in.read();
            if (b < 0) {
                throw UNUSUAL;
            }
            remaining--;
            if (copy != null) {
                copy.write(b);
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw UNUSUAL;
    }

    private static int lengthDelimitedTag(int field) {
        return field << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static void writeTag(ByteArrayOutputStream out, int tag) {
        writeVarint(out, tag);
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        writeVarint(out, length);
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
