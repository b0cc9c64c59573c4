package org.fl4j.collaborator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.fl4j.protocol.rpc.FederationException;
import org.junit.jupiter.api.Test;

class BackoffAndRetryTest {

    private final List<Duration> slept = new ArrayList<>();
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final AtomicInteger reconnects = new AtomicInteger();

    private Retrying retrying(Duration giveUp) {
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        return new Retrying(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), new Random(1)), giveUp,
                reconnects::incrementAndGet, d -> {
                    slept.add(d);
                    now = now.plus(d);
                }, clock);
    }

    private static FederationException unavailable() {
        return new FederationException(FederationException.Kind.UNAVAILABLE, "GetTasks failed (UNAVAILABLE): down");
    }

    @Test
    void next_consecutiveFailures_doubleWithJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), new Random(7));
        long[] ceilings = {1000, 2000, 4000, 8000, 8000, 8000};
        for (long ceiling : ceilings) {
            assertThat(b.next().toMillis()).isBetween(ceiling / 2, ceiling);
        }
        b.reset();
        assertThat(b.next().toMillis()).isBetween(500L, 1000L);
    }

    @Test
    void next_manyCollaborators_spreadOut() {
        List<Long> firstWaits = new ArrayList<>();
        for (int seed = 0; seed < 20; seed++) {
            firstWaits.add(new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(60), new Random()).next().toMillis());
        }
        assertThat(firstWaits.stream().distinct().count()).isGreaterThan(10);
    }

    @Test
    void call_unreachableThenBack_retriesAndReconnects() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();

        String result = retrying(Duration.ofMinutes(5)).call(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw unavailable();
            }
            return "tasks";
        });

        assertThat(result).isEqualTo("tasks");
        assertThat(slept).hasSize(3);
        assertThat(reconnects).hasValue(3);
    }

    @Test
    void call_unreachableForTooLong_givesUpNamingTheCause() {
        assertThatThrownBy(() -> retrying(Duration.ofSeconds(30)).call(() -> {
            throw unavailable();
        })).isInstanceOfSatisfying(FederationException.class, e -> {
            assertThat(e.getMessage()).startsWith("gave up after").contains("without reaching the aggregator", "down");
        });
        assertThat(slept.stream().mapToLong(Duration::toMillis).sum()).isBetween(30_000L, 38_000L);
    }

    @Test
    void call_refused_notRetried() {
        FederationException denied = FederationException.denied("collaborator 'x' is not in plan/cols.yaml");

        assertThatThrownBy(() -> retrying(Duration.ofMinutes(5)).call(() -> {
            throw denied;
        })).isSameAs(denied);
        assertThat(slept).isEmpty();
    }

    @Test
    void call_unreachableThenRefused_saysTheAggregatorIsBackAndThrowsTheRefusal() {
        FederationException stale = FederationException.stale("round 0 is over: the federation is in round 1");
        AtomicInteger attempts = new AtomicInteger();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(Collaborator.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertThatThrownBy(() -> retrying(Duration.ofMinutes(5)).call(() -> {
                if (attempts.incrementAndGet() < 3) {
                    throw unavailable();
                }
                throw stale;
            })).isSameAs(stale);
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(slept).hasSize(2);
        assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .endsWith("Reached the aggregator again");
    }
}
