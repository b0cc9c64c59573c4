package org.fl4j.protocol.rpc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;

/**
 * What the aggregator does for each call, in fl4j's own types; {@link FederationService} adapts it to gRPC.
 * By the time a method is called the caller's identity and message header have been checked, and
 * {@code collaborator} is the verified name. Methods refuse by throwing {@link FederationException}.
 */
public interface FederationHandler {

    /**
     * Tasks for this collaborator: completes as soon as there is work or the federation ends, or with an
     * {@link TasksOutcome.Idle} after the long-poll timeout. The service cancels the future when the caller
     * goes away.
     */
    CompletableFuture<TasksOutcome> tasks(String collaborator);

    /**
     * The global model of {@code round}, which must be the current one, lent to the stream that sends it: the
     * stream releases the lease once it no longer reads the model's arrays.
     */
    ModelLease model(String collaborator, long round);

    /**
     * Opens the result the header announces. Round, task, sample count, metrics, tensor names and shapes are
     * checked here, before any chunk is read. A result the aggregator holds gets {@link ResultSink#DUPLICATE};
     * a result of a task whose result was refused earlier in the round is refused with
     * {@link FederationException.Kind#TASK_FAILED} (federation.proto, "Results and rounds").
     */
    ResultSink results(String collaborator, ResultHeader header);

    FederationStatus status(String collaborator);

    /** The pipeline global models travel through (the plan's download stages), or null for raw float32. */
    default Pipeline downloadPipeline() {
        return null;
    }

    /**
     * The global model of round {@code held}, which {@code collaborator} says it holds, lent to the stream that
     * sends it the model of {@code round} as differences to it; null when the aggregator does not keep that
     * round's model (the collaborator then gets the whole model). Called after {@link #model} granted
     * {@code round}.
     */
    default ModelLease heldModel(String collaborator, long round, long held) {
        return null;
    }

    /**
     * Since protocol 1.2: one message of a secure-aggregation round (secure_aggregation.proto), long-polled.
     * Completes with the reply (the service sets its header) once there is something to relay to the caller
     * or the long poll expires; the service cancels the future when the caller goes away. The messages stay
     * protobuf here: the secagg module, which the protocol module does not depend on, converts them.
     *
     * @param certificateDer the caller's verified TLS client certificate (empty for an in-process caller),
     *                       which the aggregator relays with the caller's keys
     */
    default CompletableFuture<SecAggReply> secureAggregation(String collaborator, Optional<byte[]> certificateDer,
            SecAggRequest request) {
        throw FederationException.invalid("this federation's plan does not enable secure aggregation"
                + " (aggregator.settings.secure_aggregation)");
    }

    /**
     * Why a caller speaking {@code version} (same major version) cannot take part, or null: a plan may require a
     * message a minor version added, e.g. secure aggregation (1.2).
     */
    default String versionRefusal(String collaborator, ProtocolVersion version) {
        return null;
    }
}
