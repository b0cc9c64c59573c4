package org.fl4j.protocol.rpc;

import io.grpc.internal.CompositeReadableBuffer;
import io.grpc.internal.ForwardingReadableBuffer;
import io.grpc.internal.ReadableBuffers;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A message as gRPC's Netty transport hands it to a marshaller: its bytes spread over several direct buffers
 * (cut where the test says), inside gRPC's own stream and composite buffer. Each buffer counts its releases
 * and, when released, is overwritten (as a pool would reuse it), so reading a message's bytes after its
 * buffers went back shows up as wrong values.
 */
final class LentBuffers {

    private final List<Segment> segments = new ArrayList<>();

    /** {@code bytes} cut before each of {@code cuts} (increasing offsets). */
    static LentBuffers of(byte[] bytes, int... cuts) {
        LentBuffers lent = new LentBuffers();
        int from = 0;
        int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = bytes.length;
        for (int end : ends) {
            ByteBuffer direct = ByteBuffer.allocateDirect(end - from);
            direct.put(bytes, from, end - from).flip();
            lent.segments.add(new Segment(direct));
            from = end;
        }
        return lent;
    }

    /** {@code bytes} cut every {@code size} bytes. */
    static LentBuffers every(byte[] bytes, int size) {
        int[] cuts = new int[Math.max(0, (bytes.length - 1) / size)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * size;
        }
        return of(bytes, cuts);
    }

    /** gRPC's message stream over the buffers, as the deframer opens it. */
    InputStream stream() {
        CompositeReadableBuffer composite = new CompositeReadableBuffer();
        segments.forEach(composite::addBuffer);
        return ReadableBuffers.openStream(composite, true);
    }

    /** True when every buffer went back exactly once. */
    boolean allReleased() {
        return segments.stream().allMatch(s -> s.releases == 1);
    }

    /** True when no buffer went back yet. */
    boolean noneReleased() {
        return segments.stream().allMatch(s -> s.releases == 0);
    }

    private static final class Segment extends ForwardingReadableBuffer {
        private final ByteBuffer memory;
        private int releases;

        Segment(ByteBuffer memory) {
            super(ReadableBuffers.wrap(memory.duplicate()));
            this.memory = memory;
        }

        @Override
        public void close() {
            releases++;
            for (int i = 0; i < memory.capacity(); i++) {
                memory.put(i, (byte) 0x7f);
            }
            super.close();
        }
    }
}
