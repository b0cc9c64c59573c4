package org.fl4j.aggregator.round;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.fl4j.aggregation.UpdateRejectedException;
import org.fl4j.aggregation.UpdateSink;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.rpc.ResultSink;

/**
 * One task result being received: tensor chunks go straight into the round's aggregation (staged there and
 * committed only when whole and valid), metrics are recorded at completion. A result with tensors first
 * waits for one of the round's {@link UploadSlots}; its chunks are read only once it holds one
 * ({@link #ready()}). Refusals from the aggregation engine are reported to the {@link Federation}, which
 * counts the task as failed.
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
    /** The update's bytes as received, for the audit log (chunks of one upload arrive one after another). */
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

    @Override
    public CompletionStage<Void> ready() {
        return readiness;
    }

    @Override
    public void accept(int tensorIndex, int offset, ByteBuffer littleEndianFloats) {
        UpdateSink u = update;
        if (u == null) {
            throw federation.refuse(this, "task " + header.task() + " returns no tensors");
        }
        int n = littleEndianFloats.remaining();
        synchronized (digest) {
            digest.update(littleEndianFloats.duplicate());
            bytes += n;
        }
        federation.listener().stagedBytes(n);
        try {
            u.accept(tensorIndex, offset, littleEndianFloats);
        } catch (UpdateRejectedException e) {
            throw federation.refuse(this, e.getMessage());
        }
    }

    @Override
    public void complete() {
        try {
            federation.complete(this);
        } finally {
            unstage();
        }
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

    /** The update is no longer held as it arrives: it was committed, refused or broke off. */
    void unstage() {
        long held;
        synchronized (digest) {
            if (released) {
                return;
            }
            released = true;
            held = bytes;
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
        UpdateSink u = update;
        if (u != null) {
            u.abort();
        }
        federation.aborted(this);
        unstage();
    }
}
