package org.fl4j.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Lossless LZ4 block compression (lz4-java, its fastest available implementation) of one chunk's bytes: the
 * decompressed length as a little-endian int32, then the LZ4 block. The declared length is checked against the
 * bound the inner stage gives before anything is decompressed, and the decompressor never writes past it.
 */
final class Lz4 implements ByteStage {

    static final String NAME = "lz4";
    private static final Lz4 INSTANCE = new Lz4();
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    static Lz4 create(Params p) {
        p.only();
        return INSTANCE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Long> params() {
        return Map.of();
    }

    @Override
    public int maxEncodedBytes(int n) {
        return Math.addExact(4, COMPRESSOR.maxCompressedLength(n));
    }

    @Override
    public void encode(ByteBuffer in, ByteBuffer out) {
        int length = in.remaining();
        out.put((byte) length).put((byte) (length >>> 8)).put((byte) (length >>> 16)).put((byte) (length >>> 24));
        int written = COMPRESSOR.compress(in, in.position(), length, out, out.position(), out.remaining());
        in.position(in.limit());
        out.position(out.position() + written);
    }

    @Override
    public void decode(ByteBuffer in, ByteBuffer out, int bound) {
        if (in.remaining() < 4) {
            throw new CodecException(NAME + ": a chunk of " + in.remaining() + " bytes has no length prefix");
        }
        int length = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
        in.position(in.position() + 4);
        if (length < 0 || length > bound || length > out.remaining()) {
            throw new CodecException(NAME + ": the chunk declares " + Integer.toUnsignedString(length)
                    + " decompressed bytes, more than the " + bound + " its inner stage can produce (refused as a"
                    + " decompression bomb)");
        }
        try {
            int written = DECOMPRESSOR.decompress(in, in.position(), in.remaining(), out, out.position(), length);
            if (written != length) {
                throw new CodecException(NAME + ": the chunk declares " + length + " decompressed bytes, found "
                        + written);
            }
            out.position(out.position() + written);
            in.position(in.limit());
        } catch (LZ4Exception e) {
            throw new CodecException(NAME + ": malformed block (" + e.getMessage() + ")");
        }
    }
}
