package org.fl4j.aggregator.ops;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.v1.OperationsGrpc;
import org.fl4j.protocol.v1.StatusReply;
import org.fl4j.protocol.v1.StatusRequest;

/** Asks a running aggregator for its status over a channel made with an operator certificate. */
public final class StatusClient {

    private final Channel channel;

    public StatusClient(Channel channel) {
        this.channel = channel;
    }

    /**
     * The aggregator's status.
     *
     * @throws StatusRuntimeException with the aggregator's reason when it refuses or cannot be reached
     */
    public StatusReply status(Duration timeout) {
        return OperationsGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .status(StatusRequest.getDefaultInstance());
    }
}
