package org.fl4j.aggregator.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Rounds saved in the background: one at a time, in order, their failures reported to whoever waits. */
class RoundCommitsTest {

    private final RoundCommits commits = new RoundCommits();

    @Test
    void submit_runsOnAThreadOfItsOwn_awaitPreviousWaitsForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> saved = commits.submit(() -> {
            threads.add(Thread.currentThread().getName());
            await(release);
        });

        assertThat(commits.idle()).isFalse();
        assertThat(saved).isNotDone();
        release.countDown();
        commits.awaitPrevious();

        assertThat(saved).isCompleted();
        assertThat(commits.idle()).isTrue();
        assertThat(threads).containsExactly("fl4j-round-commit");
    }

    @Test
    void submit_whileASaveIsInFlight_refused() {
        CountDownLatch release = new CountDownLatch(1);
        commits.submit(() -> await(release));
        try {
            assertThatThrownBy(() -> commits.submit(() -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessage("a round is still being saved");
        } finally {
            release.countDown();
        }
    }

    @Test
    void failedSave_awaitPreviousRethrowsItsIOException_andTheFutureCarriesIt() {
        CompletableFuture<Void> saved = commits.submit(() -> {
            throw new IOException("save/last.fl4j: disk full");
        });

        assertThatThrownBy(commits::awaitPrevious).isInstanceOf(IOException.class)
                .hasMessage("save/last.fl4j: disk full");
        assertThatThrownBy(saved::get).isInstanceOf(ExecutionException.class);
        assertThat(RoundCommits.unwrap(saved.handle((v, e) -> e).join())).hasMessage("save/last.fl4j: disk full");
    }

    @Test
    void whenCommitted_runsOnAThreadOtherThanTheSavingOne_withTheFailureIfAny() throws Exception {
        CompletableFuture<String> ok = new CompletableFuture<>();
        commits.whenCommitted(commits.submit(() -> { }),
                failure -> ok.complete(Thread.currentThread().getName() + " " + failure));
        assertThat(ok.get(10, TimeUnit.SECONDS)).isEqualTo("fl4j-round-committed null");

        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        commits.whenCommitted(commits.submit(() -> {
            throw new IOException("disk full");
        }), failed::complete);
        assertThat(RoundCommits.unwrap(failed.get(10, TimeUnit.SECONDS))).hasMessage("disk full");
    }

    @Test
    void shutDown_waitsForTheSaveInFlight_orSaysItIsStillRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> saved = commits.submit(() -> await(release));

        assertThat(commits.shutDown(Duration.ofMillis(50))).isFalse();
        release.countDown();
        saved.get(10, TimeUnit.SECONDS);
        assertThat(commits.shutDown(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void afterShutDown_aRoundStillClosing_isSavedOnTheCallersThread() throws Exception {
        assertThat(commits.shutDown(Duration.ofSeconds(10))).isTrue();
        List<String> threads = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> saved = commits.submit(() -> threads.add(Thread.currentThread().getName()));
        CompletableFuture<Void> failed = commits.submit(() -> {
            throw new IOException("disk full");
        });

        assertThat(saved).isCompleted();
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThatThrownBy(commits::awaitPrevious).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(failed).isCompletedExceptionally();
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
