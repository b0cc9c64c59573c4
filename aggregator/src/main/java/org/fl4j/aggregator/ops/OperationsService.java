package org.fl4j.aggregator.ops;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.fl4j.aggregator.CallListener;
import org.fl4j.aggregator.round.Federation;
import org.fl4j.aggregator.round.FederationListener;
import org.fl4j.protocol.v1.OperationsGrpc;
import org.fl4j.protocol.v1.StatusReply;
import org.fl4j.protocol.v1.StatusRequest;

/**
 * The operator service ({@code fl4j.v1.Operations}): the federation's status for {@code fx aggregator status}.
 * It must be served behind {@link org.fl4j.aggregator.PeerAuthentication}, which admits only operator
 * certificates to it. Its {@link #listener()} and {@link #calls()} must be given to the federation and the
 * authentication before the server starts, so it sees every collaborator from the first call.
 */
public final class OperationsService extends OperationsGrpc.OperationsImplBase {

    private final String federationId;
    private final String aggregator;
    private final List<String> collaborators;
    private final Duration longPoll;
    private final Supplier<String> auditHead;
    private final CollaboratorActivity activity = new CollaboratorActivity();
    private volatile Federation federation;

    public OperationsService(String federationId, String aggregator, List<String> collaborators, Duration longPoll,
            Supplier<String> auditHead) {
        this.federationId = federationId;
        this.aggregator = aggregator;
        this.collaborators = List.copyOf(collaborators);
        this.longPoll = longPoll;
        this.auditHead = auditHead;
    }

    /** What the federation must tell this service. */
    public FederationListener listener() {
        return activity;
    }

    /** What the authentication must tell this service. */
    public CallListener calls() {
        return activity;
    }

    /** The federation to report on, once it exists. */
    public void attach(Federation running) {
        this.federation = running;
    }

    /** The status now (also what the RPC answers). */
    public StatusReply status() {
        Federation f = federation;
        if (f == null) {
            throw new IllegalStateException("no federation attached");
        }
        return StatusReport.build(federationId, aggregator, f.snapshot(), collaborators, activity, longPoll,
                auditHead.get());
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusReply> out) {
        try {
            out.onNext(status());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(io.grpc.Status.UNAVAILABLE.withDescription("the status is not available: " + e.getMessage())
                    .asRuntimeException());
        }
    }
}
