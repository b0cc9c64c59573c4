package org.fl4j.aggregator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Threads that write model files while the round-closing thread writes the checkpoint: encoding and fsync of
 * two files overlap instead of adding up. Daemon threads that end when idle.
 */
final class ModelWriters {

    /** A file write. */
    @FunctionalInterface
    interface Write {
        void run() throws IOException;
    }

    private final ExecutorService pool;

    ModelWriters() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "fl4j-model-writer");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    CompletableFuture<Void> submit(Write write) {
        return CompletableFuture.runAsync(() -> {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, pool);
    }

    /** Waits for every write; the first failure is rethrown as the {@link IOException} it was. */
    static void await(List<CompletableFuture<Void>> writes) throws IOException {
        for (CompletableFuture<Void> f : writes) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                throw new IOException("writing a model file failed: " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the round's model files", e);
            }
        }
    }
}
