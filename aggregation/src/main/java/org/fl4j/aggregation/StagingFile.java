package org.fl4j.aggregation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file updates are staged in, mapped into memory: an update's bytes are copied into the file's pages as
 * they arrive and read from them when its round closes, with no system call for either, and the file stays
 * mapped from round to round ({@link StagingFiles} reuses it). Its disk space is claimed when it is created
 * (written with zeros), so that a full disk refuses the update then, with an error, instead of faulting on a
 * mapped page later. Mapped in segments of at most 1 GiB, so a model of any size fits. One user at a time:
 * the sink receiving an update, then the round's fold; the fold's threads only read.
 *
 * <p>A mapped file must not be cut short behind the aggregator's back (the staging folder is the
 * aggregator's, owner-only): touching a mapped page past the end of its file faults, which the JVM turns
 * into an {@link InternalError}, raised in compiled code at a later point of the thread that touched it, as
 * with any memory-mapped file (Lucene's {@code MMapDirectory} says the same). The round's fold checks each
 * file's length first ({@link #checkLength()}), which catches a file cut short between rounds.
 */
final class StagingFile {

    /** Bytes per mapped segment: a whole number of float32 values, below the 2 GiB a mapping can hold. */
    static final int SEGMENT_BYTES = 1 << 30;

    private final Path path;
    private final long bytes;
    private final int segmentBytes;
    private final FileChannel channel;
    private final MappedByteBuffer[] segments;

    private StagingFile(Path path, long bytes, int segmentBytes, FileChannel channel, MappedByteBuffer[] segments) {
        this.path = path;
        this.bytes = bytes;
        this.segmentBytes = segmentBytes;
        this.channel = channel;
        this.segments = segments;
    }

    /** Fills the empty file {@code path} with {@code bytes} zero bytes and maps it. */
    static StagingFile create(Path path, long bytes) throws IOException {
        return create(path, bytes, SEGMENT_BYTES);
    }

    /** As {@link #create(Path, long)}, mapped in segments of {@code segmentBytes}, a multiple of 4. */
    static StagingFile create(Path path, long bytes, int segmentBytes) throws IOException {
        if (segmentBytes <= 0 || segmentBytes % Float.BYTES != 0) {
            throw new IllegalArgumentException("segment of " + segmentBytes + " bytes is not a positive multiple of 4");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(bytes, 1 << 20));
            for (long at = 0; at < bytes; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
                at += channel.write(zeros, at);
            }
            MappedByteBuffer[] segments = new MappedByteBuffer[(int) ((bytes + segmentBytes - 1) / segmentBytes)];
            for (int s = 0; s < segments.length; s++) {
                long from = (long) s * segmentBytes;
                segments[s] = channel.map(FileChannel.MapMode.READ_WRITE, from, Math.min(segmentBytes, bytes - from));
            }
            return new StagingFile(path, bytes, segmentBytes, channel, segments);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** Copies the bytes between {@code src}'s position and limit to byte {@code position} of the file. */
    void write(long position, ByteBuffer src) {
        long at = position;
        int from = src.position();
        while (from < src.limit()) {
            int s = (int) (at / segmentBytes);
            int inSegment = (int) (at % segmentBytes);
            int n = Math.min(src.limit() - from, segmentBytes - inSegment);
            segments[s].put(inSegment, src, from, n);
            from += n;
            at += n;
        }
        src.position(from);
    }

    /** Reads {@code n} little-endian float32 values from byte {@code position} into {@code into[0..n)}. */
    void read(long position, float[] into, int n) {
        long at = position;
        for (int k = 0; k < n; ) {
            int s = (int) (at / segmentBytes);
            int inSegment = (int) (at % segmentBytes);
            int m = Math.min(n - k, (segmentBytes - inSegment) / Float.BYTES);
            segments[s].slice(inSegment, m * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(into, k, m);
            k += m;
            at += (long) m * Float.BYTES;
        }
    }

    /**
     * Fails when the file is shorter than its mapping (someone truncated it): reading a mapped page past the
     * end of a file faults instead of failing with an error.
     */
    void checkLength() throws IOException {
        long size = channel.size();
        if (size < bytes) {
            throw new IOException("staging file " + path.getFileName() + " ends at byte " + size + ", expected "
                    + bytes);
        }
    }

    /**
     * Closes the file; its mapping goes with the last reference to it (Java has no other way to unmap), so
     * nobody may read or write it afterwards.
     */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // A mapped file's channel holds no unwritten data: the mapping keeps the pages.
            return;
        }
    }
}
