package org.fl4j.aggregator.round;

import java.nio.ByteBuffer;
import org.fl4j.aggregation.UpdateRejectedException;
import org.fl4j.aggregation.UpdateSink;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.rpc.ResultSink;

/**
 * One task result being received: tensor chunks go straight into the round's aggregation (staged there and
 * committed only when whole and valid), metrics are recorded at completion. Refusals from the aggregation
 * engine are reported to the {@link Federation}, which counts the task as failed.
 */
final class ResultIntake implements ResultSink {

    final Federation federation;
    final RoundState state;
    final String collaborator;
    final ResultHeader header;
    final UpdateSink update;

    ResultIntake(Federation federation, RoundState state, String collaborator, ResultHeader header,
            UpdateSink update) {
        this.federation = federation;
        this.state = state;
        this.collaborator = collaborator;
        this.header = header;
        this.update = update;
    }

    @Override
    public void accept(int tensorIndex, int offset, ByteBuffer littleEndianFloats) {
        if (update == null) {
            throw federation.refuse(this, "task " + header.task() + " returns no tensors");
        }
        try {
            update.accept(tensorIndex, offset, littleEndianFloats);
        } catch (UpdateRejectedException e) {
            throw federation.refuse(this, e.getMessage());
        }
    }

    @Override
    public void complete() {
        federation.complete(this);
    }

    @Override
    public void abort(String reason) {
        if (update != null) {
            update.abort();
        }
        federation.aborted(this);
    }
}
