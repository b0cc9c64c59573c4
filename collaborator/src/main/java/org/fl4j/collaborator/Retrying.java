package org.fl4j.collaborator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.fl4j.protocol.rpc.FederationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls to the aggregator, retrying those that failed because it could not be reached, with
 * {@link Backoff}, until it answers (a result or a refusal) or has been unreachable for the configured give-up
 * time. Before each retry the channel is told to reconnect at once, so its own backoff does not add to ours.
 */
final class Retrying {

    private static final Logger LOG = LoggerFactory.getLogger(Collaborator.class);

    /** Waits; tests may pass a fake. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Backoff backoff;
    private final Duration giveUpAfter;
    private final Runnable reconnect;
    private final Sleeper sleeper;
    private final Clock clock;

    Retrying(Backoff backoff, Duration giveUpAfter, Runnable reconnect, Sleeper sleeper, Clock clock) {
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
        this.reconnect = reconnect;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    <T> T call(Supplier<T> call) throws InterruptedException {
        Instant firstFailure = null;
        while (true) {
            try {
                T result = call.get();
                if (firstFailure != null) {
                    LOG.info("Reached the aggregator again");
                }
                backoff.reset();
                return result;
            } catch (FederationException e) {
                if (!e.retryable()) {
                    if (firstFailure != null) {
                        LOG.info("Reached the aggregator again");
                    }
                    throw e;
                }
                Instant now = clock.instant();
                if (firstFailure == null) {
                    firstFailure = now;
                }
                Duration down = Duration.between(firstFailure, now);
                if (down.compareTo(giveUpAfter) >= 0) {
                    throw new FederationException(FederationException.Kind.UNAVAILABLE, "gave up after "
                            + down.toSeconds() + " s without reaching the aggregator: " + e.getMessage(), e);
                }
                Duration wait = backoff.next();
                LOG.warn("{}; retrying in {} ms", e.getMessage(), wait.toMillis());
                sleeper.sleep(wait);
                reconnect.run();
            }
        }
    }
}
