package org.fl4j.aggregator.round;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.fl4j.protocol.model.ModelWeights;

/**
 * The link between an intermediate aggregator's two sides: the collaborator that takes part in the parent's
 * federation calls {@link #run} with each round's global model, which starts the same round for the children
 * of the {@link Federation} this subtree paces, and gets back what the round produced once it closes (by the
 * straggler policy, as any round). {@link #end} ends the children's federation when the parent's is over.
 * Thread-safe.
 */
public final class Subtree {

    private Federation federation;
    private CompletableFuture<SubtreeRound> pending;

    synchronized void attach(Federation f) {
        if (federation != null) {
            throw new IllegalStateException("this subtree already paces a federation");
        }
        federation = f;
    }

    /**
     * Runs round {@code round} on the children with the parent's {@code model}, which this subtree owns from now
     * on (pass a copy), and waits until the round closes.
     *
     * @throws IllegalStateException when the children's federation stopped
     * @throws IllegalArgumentException when the model does not fit the earlier rounds' models
     */
    public SubtreeRound run(long round, ModelWeights model) throws InterruptedException {
        CompletableFuture<SubtreeRound> done = new CompletableFuture<>();
        Federation f;
        synchronized (this) {
            if (federation == null) {
                throw new IllegalStateException("the intermediate aggregator's federation has not started");
            }
            if (pending != null) {
                pending.cancel(false);
            }
            pending = done;
            f = federation;
        }
        f.beginSubtreeRound(round, model);
        try {
            return done.get();
        } catch (CancellationException e) {
            throw new IllegalStateException("round " + round + " of the intermediate aggregator was abandoned", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** The children's round closed: hands its outcome to the waiting {@link #run}. */
    synchronized void closed(SubtreeRound outcome) {
        if (pending != null) {
            pending.complete(outcome);
            pending = null;
        }
    }

    /** The children's federation stopped: a waiting {@link #run} fails with {@code reason}. */
    synchronized void stopped(String reason) {
        if (pending != null) {
            pending.completeExceptionally(new IllegalStateException(reason));
            pending = null;
        }
    }

    /** The parent's federation is over: the children are told to quit, with {@code reason}. */
    public void end(String reason) {
        Federation f;
        synchronized (this) {
            f = federation;
        }
        if (f != null) {
            f.endSubtree(reason);
        }
    }
}
