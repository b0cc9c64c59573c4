package org.fl4j.aggregator.round;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.fl4j.aggregation.UpdateRejectedException;
import org.fl4j.aggregation.UpdateSink;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.ModelLease;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.rpc.ResultSink;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.server.MaskedInputSink;

/**
 * One task result being received: tensor chunks go straight into the round's aggregation (staged there and
 * committed only when whole and valid), metrics are recorded at completion. A result with tensors first
 * waits for one of the round's {@link UploadSlots}; its chunks are read only once it holds one
 * ({@link #ready()}). Refusals from the aggregation engine are reported to the {@link Federation}, which
 * counts the task as failed. Under secure aggregation a train result is a masked input instead: its chunks
 * stream into the secure round's int accumulator ({@link #masked()}), without an upload slot.
 */
final class ResultIntake implements ResultSink {

    /** Where the intake stands with the round's upload slots; guarded by the federation's lock. */
    enum Slot { NONE, WAITING, HELD, RELEASED }

    final Federation federation;
    final RoundState state;
    final String collaborator;
    final ResultHeader header;
    final CompletableFuture<Void> readiness = new CompletableFuture<>();
    Slot slot = Slot.NONE;
    private volatile UpdateSink update;
    /** The round's global model, leased while a delta-encoded result is added to it; guarded by this. */
    private ModelLease base;
    private volatile MaskedInputSink masked;

    ResultIntake(Federation federation, RoundState state, String collaborator, ResultHeader header) {
        this.federation = federation;
        this.state = state;
        this.collaborator = collaborator;
        this.header = header;
    }

    /** The staged update, once a slot is held (training results only). */
    UpdateSink update() {
        return update;
    }

    void attach(UpdateSink sink) {
        this.update = sink;
    }

    /** The masked input of a train result under secure aggregation (instead of an update). */
    MaskedInputSink masked() {
        return masked;
    }

    void attachMasked(MaskedInputSink sink) {
        this.masked = sink;
    }

    @Override
    public CompletionStage<Void> ready() {
        return readiness;
    }

    @Override
    public void accept(int tensorIndex, int offset, ByteBuffer littleEndianFloats) {
        MaskedInputSink m = masked;
        if (m != null) {
            try {
                m.accept(offset, littleEndianFloats);
            } catch (SecAggException e) {
                throw federation.refuse(this, e.getMessage());
            }
            return;
        }
        UpdateSink u = update;
        if (u == null) {
            throw federation.refuse(this, "task " + header.task() + " returns no tensors");
        }
        try {
            u.accept(tensorIndex, offset, littleEndianFloats);
        } catch (UpdateRejectedException e) {
            throw federation.refuse(this, e.getMessage());
        }
    }

    /**
     * A delta is taken against the global model of this result's round, which the aggregator holds while the
     * round is open: leased here until the result completes or aborts, so its arrays stay as they are.
     */
    @Override
    public synchronized ModelWeights deltaBase(long round) {
        if (round != state.round) {
            throw FederationException.invalid("a delta against the global model of round " + round + ": the"
                    + " aggregator holds the model of round " + state.round + ", the round of this result");
        }
        if (base == null) {
            base = federation.deltaBase(state);
        }
        return base.model();
    }

    private synchronized void releaseBase() {
        if (base != null) {
            base.release();
            base = null;
        }
    }

    @Override
    public void complete() {
        try {
            federation.complete(this);
        } finally {
            releaseBase();
        }
    }

    @Override
    public void abort(String reason) {
        try {
            MaskedInputSink m = masked;
            if (m != null) {
                m.abort();
            }
            UpdateSink u = update;
            if (u != null) {
                u.abort();
            }
            federation.aborted(this);
        } finally {
            releaseBase();
        }
    }
}
