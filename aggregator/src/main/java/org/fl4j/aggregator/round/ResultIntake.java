package org.fl4j.aggregator.round;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    /** The update's (or masked input's) bytes as received, for the audit log (chunks arrive one after another). */
    private final MessageDigest digest = newDigest();
    private long bytes;
    private boolean released;

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
            received(littleEndianFloats);
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
        federation.listener().stagedBytes(received(littleEndianFloats));
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
            unstage();
        }
    }

    /** Adds {@code chunk} to the digest and the byte count; returns its size. */
    private int received(ByteBuffer chunk) {
        int n = chunk.remaining();
        synchronized (digest) {
            digest.update(chunk.duplicate());
            bytes += n;
        }
        return n;
    }

    /** The tensor bytes received so far. */
    long bytes() {
        synchronized (digest) {
            return bytes;
        }
    }

    /** The hex SHA-256 of the tensor bytes received, or null when none were. */
    String sha256() {
        synchronized (digest) {
            if (bytes == 0) {
                return null;
            }
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 cannot be cloned", e);
            }
        }
    }

    /**
     * The update is no longer held as it arrives: it was committed, refused or broke off. A masked input was
     * never staged: its chunks went into the secure round's accumulator.
     */
    void unstage() {
        long held;
        synchronized (digest) {
            if (released) {
                return;
            }
            released = true;
            held = masked == null ? bytes : 0;
        }
        if (held > 0) {
            federation.listener().stagedBytes(-held);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
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
            unstage();
        }
    }
}
