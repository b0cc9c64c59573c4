package org.fl4j.secagg.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.mask.IntKernels;

/**
 * Stage MASKED_INPUT on the server: uploads are staged each in an int buffer of their own (recycled) and folded
 * into the round's accumulator mod 2^32 at commit. Guarded by the server's lock, except the sinks' chunk copies,
 * which touch only their own buffer.
 */
final class InputStage {

    private final Object lock;
    private final int length;
    private final IntKernels kernels;
    private final int[] sum;
    private final Deque<int[]> spare = new ArrayDeque<>();
    private final Set<String> open = new HashSet<>();
    private final Set<String> committed = new TreeSet<>();
    private boolean closed;

    InputStage(Object lock, int length, IntKernels kernels) {
        this.lock = lock;
        this.length = length;
        this.kernels = kernels;
        this.sum = new int[length];
    }

    /** Called under the lock. */
    MaskedInputSink open(String sender) {
        if (committed.contains(sender)) {
            throw refused(sender, "its masked input was already taken this round");
        }
        if (!open.add(sender)) {
            throw refused(sender, "its masked input is already being received");
        }
        int[] buffer = spare.poll();
        return new Sink(sender, buffer != null ? buffer : new int[length]);
    }

    /** Called under the lock: refuses uploads still open, returns the survivors (U3). */
    Set<String> close() {
        closed = true;
        open.clear();
        spare.clear();
        return committed;
    }

    int[] sum() {
        return sum;
    }

    boolean received(String name) {
        return committed.contains(name);
    }

    private static SecAggException refused(String sender, String why) {
        return new SecAggException(SecAggException.Kind.REFUSED, "masked input from '" + sender + "' refused: " + why);
    }

    private final class Sink implements MaskedInputSink {
        private final String sender;
        private int[] buffer;
        private long next;

        Sink(String sender, int[] buffer) {
            this.sender = sender;
            this.buffer = buffer;
        }

        @Override
        public void accept(long elementOffset, ByteBuffer littleEndianInts) {
            if (buffer == null) {
                throw new IllegalStateException("the upload of '" + sender + "' is over");
            }
            int bytes = littleEndianInts.remaining();
            if (elementOffset != next) {
                fail("chunk at element " + elementOffset + ", expected element " + next);
            }
            if (bytes % 4 != 0) {
                fail("chunk of " + bytes + " bytes is not a whole number of int32 values");
            }
            if (next + bytes / 4 > length) {
                fail("chunk reaches element " + (next + bytes / 4) + ", past the " + length + " of the round");
            }
            littleEndianInts.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
                    .get(buffer, (int) next, bytes / 4);
            littleEndianInts.position(littleEndianInts.limit());
            next += bytes / 4;
        }

        @Override
        public void commit() {
            if (buffer == null) {
                throw new IllegalStateException("the upload of '" + sender + "' is over");
            }
            if (next != length) {
                fail("it ended after " + next + " of its " + length + " elements");
            }
            synchronized (lock) {
                int[] staged = buffer;
                buffer = null;
                if (closed || !open.remove(sender)) {
                    throw refused(sender, "the stage closed before the upload was complete");
                }
                kernels.add(sum, staged, 0, length);
                committed.add(sender);
                spare.push(staged);
            }
        }

        @Override
        public void abort() {
            if (buffer != null) {
                release();
            }
        }

        private void fail(String why) {
            release();
            throw refused(sender, why);
        }

        private void release() {
            synchronized (lock) {
                if (!closed && open.remove(sender)) {
                    spare.push(buffer);
                }
                buffer = null;
            }
        }
    }
}
