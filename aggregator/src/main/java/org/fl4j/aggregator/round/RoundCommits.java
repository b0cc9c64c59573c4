package org.fl4j.aggregator.round;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Saves closed rounds on a thread of its own, one at a time and in round order, so that the next round's model
 * is served while the previous round's files are still being written and forced to disk.
 *
 * <p>A round is <em>committed</em> once its save is done (models first, then the checkpoint as the commit
 * point). At most one save is in flight: the next round closes only after {@link #awaitPrevious()}, which
 * also keeps the server optimizer's state and the saved arrays still while they are written. A crash before a
 * round is committed reruns that round after the restart, exactly like a crash while the round was open.
 */
final class RoundCommits {

    /** A round's save: writes the models and then the checkpoint. */
    @FunctionalInterface
    interface Save {
        void run() throws IOException;
    }

    private final ExecutorService thread = daemon("fl4j-round-commit");
    /** Runs what waits for a commit: never the saving thread, which the next round's close waits for. */
    private final ExecutorService notifier = daemon("fl4j-round-committed");
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    /**
     * Starts saving a closed round. The future completes when it is committed, or exceptionally with the
     * {@link UncheckedIOException} wrapping what the save threw. Call {@link #awaitPrevious()} first.
     */
    synchronized CompletableFuture<Void> submit(Save save) {
        if (!inFlight.isDone()) {
            throw new IllegalStateException("a round is still being saved");
        }
        Runnable run = () -> {
            try {
                save.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            inFlight = CompletableFuture.runAsync(run, thread);
        } catch (RejectedExecutionException e) {
            // shut down: a round that still closes while the aggregator stops is saved on the caller's thread
            inFlight = new CompletableFuture<>();
            try {
                run.run();
                inFlight.complete(null);
            } catch (UncheckedIOException failure) {
                inFlight.completeExceptionally(failure);
            }
        }
        return inFlight;
    }

    /**
     * Runs {@code then} with null or the save's failure once {@code commit} completes, on a thread of its own:
     * it may take locks that a thread waiting in {@link #awaitPrevious()} holds.
     */
    void whenCommitted(CompletableFuture<Void> commit, java.util.function.Consumer<Throwable> then) {
        commit.whenCompleteAsync((ok, failure) -> then.accept(failure), notifier);
    }

    /** Waits until the round saved last is committed; rethrows its failure. */
    void awaitPrevious() throws IOException {
        CompletableFuture<Void> previous;
        synchronized (this) {
            previous = inFlight;
        }
        try {
            previous.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the previous round was being saved", e);
        }
    }

    /** True when no save is in flight. */
    synchronized boolean idle() {
        return inFlight.isDone();
    }

    /**
     * Waits up to {@code wait} for the save in flight and stops the thread.
     *
     * @return false when a save was still running after the wait
     */
    boolean shutDown(Duration wait) {
        CompletableFuture<Void> last;
        synchronized (this) {
            last = inFlight;
        }
        thread.shutdown();
        notifier.shutdown();
        try {
            last.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | CompletionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The {@link IOException} a failed save threw. */
    static IOException unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        if (cause instanceof UncheckedIOException u) {
            return u.getCause();
        }
        return new IOException("saving the round failed: " + cause, cause);
    }
}
