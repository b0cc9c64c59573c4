package org.fl4j.aggregation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;

/**
 * An update being received: checks each chunk (place, length and, unless the strategy accepts non-finite
 * values, finiteness) and copies it into the update's staging buffer.
 */
final class StagingSink implements UpdateSink {

    private enum State { OPEN, COMMITTED, REFUSED, ABORTED }

    private static final FoldKernels KERNELS = Kernels.get();

    private final RoundAggregation round;
    private final ModelLayout layout;
    private final String contributor;
    private final long sampleCount;
    private final int[] received;
    private final boolean finiteOnly;
    private float[][] buffer;
    private State state = State.OPEN;

    StagingSink(RoundAggregation round, ModelLayout layout, String contributor, long sampleCount,
                float[][] buffer, boolean finiteOnly) {
        this.round = round;
        this.layout = layout;
        this.contributor = contributor;
        this.sampleCount = sampleCount;
        this.buffer = buffer;
        this.received = new int[layout.tensorCount()];
        this.finiteOnly = finiteOnly;
    }

    @Override
    public void accept(int tensorIndex, int elementOffset, float[] values, int from, int length) {
        Objects.requireNonNull(values, "values");
        Objects.checkFromIndexSize(from, length, values.length);
        float[] dst = target(tensorIndex, elementOffset, length);
        System.arraycopy(values, from, dst, elementOffset, length);
        advance(tensorIndex, elementOffset, length);
    }

    @Override
    public void accept(int tensorIndex, int elementOffset, ByteBuffer littleEndianFloats) {
        int bytes = littleEndianFloats.remaining();
        if (bytes % Float.BYTES != 0) {
            checkOpen();
            refuse(tensorName(tensorIndex), elementOffset,
                    "chunk of " + bytes + " bytes is not a whole number of float32 values");
        }
        int length = bytes / Float.BYTES;
        float[] dst = target(tensorIndex, elementOffset, length);
        littleEndianFloats.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, elementOffset, length);
        littleEndianFloats.position(littleEndianFloats.limit());
        advance(tensorIndex, elementOffset, length);
    }

    @Override
    public void commit() {
        checkOpen();
        for (int t = 0; t < received.length; t++) {
            int size = layout.tensor(t).size();
            if (received[t] != size) {
                refuse(layout.tensor(t).name(), received[t],
                        "incomplete: " + received[t] + " of " + size + " elements received");
            }
        }
        state = State.COMMITTED;
        float[][] staged = buffer;
        buffer = null;
        try {
            round.commit(this, new Update(contributor, sampleCount, staged));
        } catch (UpdateRejectedException e) {
            state = State.REFUSED;
            throw e;
        }
    }

    @Override
    public void abort() {
        if (state == State.OPEN) {
            state = State.ABORTED;
            round.release(contributor, buffer);
            buffer = null;
        }
    }

    /** Checks a chunk's place and returns the array it goes to. */
    private float[] target(int tensorIndex, int elementOffset, int length) {
        checkOpen();
        if (round.closed()) {
            refuse(null, -1, "the round finished before the update was complete");
        }
        if (tensorIndex < 0 || tensorIndex >= received.length) {
            refuse(null, -1, "tensor index " + tensorIndex + " does not exist, the model has "
                    + received.length + " tensors");
        }
        TensorSpec spec = layout.tensor(tensorIndex);
        if (elementOffset != received[tensorIndex]) {
            refuse(spec.name(), elementOffset, "chunk starts at element " + elementOffset + " but "
                    + received[tensorIndex] + " elements were received so far (chunks must be in order)");
        }
        if (length > spec.size() - elementOffset) {
            refuse(spec.name(), elementOffset, "chunk of " + length + " elements at offset " + elementOffset
                    + " overruns the tensor's " + spec.size() + " elements (shape " + spec.shape() + ")");
        }
        return buffer[tensorIndex];
    }

    /** Checks the copied values (unless non-finite values are accepted) and records them as received. */
    private void advance(int tensorIndex, int elementOffset, int length) {
        float[] dst = buffer[tensorIndex];
        int bad = finiteOnly ? KERNELS.firstNonFinite(dst, elementOffset, elementOffset + length) : -1;
        if (bad >= 0) {
            refuse(layout.tensor(tensorIndex).name(), bad, "value " + dst[bad] + " is not finite");
        }
        received[tensorIndex] = elementOffset + length;
    }

    private String tensorName(int tensorIndex) {
        return tensorIndex >= 0 && tensorIndex < received.length ? layout.tensor(tensorIndex).name() : null;
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("update from '" + contributor + "' is " + state.name().toLowerCase()
                    + ", it takes no more calls");
        }
    }

    private void refuse(String tensor, long element, String problem) {
        state = State.REFUSED;
        round.release(contributor, buffer);
        buffer = null;
        throw new UpdateRejectedException(contributor, tensor, element, problem);
    }
}
