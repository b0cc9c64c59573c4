package org.fl4j.aggregation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;

/**
 * An update being received, whatever holds it: checks each chunk's place and length and, unless the strategy
 * accepts non-finite values, its values, then lets the subclass keep them ({@link StagingSink} in a heap
 * buffer, {@link FileSink} in a file). Any refusal releases what the update held and ends it.
 */
abstract class CheckedSink implements UpdateSink {

    private enum State { OPEN, COMMITTED, REFUSED, ABORTED }

    static final FoldKernels KERNELS = Kernels.get();

    final RoundAggregation round;
    final ModelLayout layout;
    final String contributor;
    final long sampleCount;
    private final int[] received;
    private final boolean finiteOnly;
    private State state = State.OPEN;

    CheckedSink(RoundAggregation round, ModelLayout layout, String contributor, long sampleCount,
            boolean finiteOnly) {
        this.round = round;
        this.layout = layout;
        this.contributor = contributor;
        this.sampleCount = sampleCount;
        this.finiteOnly = finiteOnly;
        this.received = new int[layout.tensorCount()];
    }

    /** Where {@code length} decoded values of tensor {@code t} from {@code offset} go first. */
    abstract float[] landing(int t, int offset, int length);

    /** The index in {@link #landing}'s array of the value at {@code offset}. */
    abstract int landingIndex(int offset);

    /** Keeps checked values; {@code raw} is their little-endian bytes when they came as bytes, else null. */
    abstract void keep(int t, int offset, float[] values, int index, int length, ByteBuffer raw);

    /** The update is whole: hand it to the round. */
    abstract void handOver();

    /** Frees what the update holds (refused or aborted). */
    abstract void release();

    @Override
    public void accept(int tensorIndex, int elementOffset, float[] values, int from, int length) {
        Objects.requireNonNull(values, "values");
        Objects.checkFromIndexSize(from, length, values.length);
        check(tensorIndex, elementOffset, length);
        checkFinite(tensorIndex, elementOffset, values, from, length);
        keep(tensorIndex, elementOffset, values, from, length, null);
        received[tensorIndex] = elementOffset + length;
    }

    @Override
    public void accept(int tensorIndex, int elementOffset, ByteBuffer littleEndianFloats) {
        int bytes = littleEndianFloats.remaining();
        if (bytes % Float.BYTES != 0) {
            checkOpen();
            refuse(tensorIndex >= 0 && tensorIndex < received.length ? layout.tensor(tensorIndex).name() : null,
                    elementOffset, "chunk of " + bytes + " bytes is not a whole number of float32 values");
        }
        int length = bytes / Float.BYTES;
        check(tensorIndex, elementOffset, length);
        ByteBuffer raw = littleEndianFloats.slice().order(ByteOrder.LITTLE_ENDIAN);
        float[] landing = landing(tensorIndex, elementOffset, length);
        int index = landingIndex(elementOffset);
        raw.asFloatBuffer().get(landing, index, length);
        littleEndianFloats.position(littleEndianFloats.limit());
        checkFinite(tensorIndex, elementOffset, landing, index, length);
        keep(tensorIndex, elementOffset, landing, index, length, raw);
        received[tensorIndex] = elementOffset + length;
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
        try {
            handOver();
        } catch (UpdateRejectedException e) {
            state = State.REFUSED;
            throw e;
        }
    }

    @Override
    public void abort() {
        if (state == State.OPEN) {
            state = State.ABORTED;
            release();
        }
    }

    /** Checks a chunk's place and length. */
    private void check(int tensorIndex, int elementOffset, int length) {
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
    }

    private void checkFinite(int tensorIndex, int elementOffset, float[] values, int from, int length) {
        int bad = finiteOnly ? KERNELS.firstNonFinite(values, from, from + length) : -1;
        if (bad >= 0) {
            refuse(layout.tensor(tensorIndex).name(), elementOffset + (bad - from),
                    "value " + values[bad] + " is not finite");
        }
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("update from '" + contributor + "' is " + state.name().toLowerCase()
                    + ", it takes no more calls");
        }
    }

    /** Ends the update: what it held is released and the refusal thrown. */
    void refuse(String tensor, long element, String problem) {
        state = State.REFUSED;
        release();
        throw new UpdateRejectedException(contributor, tensor, element, problem);
    }
}
