package org.fl4j.aggregator.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.fl4j.pki.TestPki;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.protocol.v1.SecAggPoll;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.secagg.Stage;
import org.fl4j.secagg.wire.SecAggWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setup timeout of a secure round: its clock starts when the first participant calls, not at the round's start. */
class SecureRoundTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final Duration LONG_POLL = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void tick_sitesStartLaterThanTheSetupTimeout_roundWaitsForTheFirstOne() {
        SecureRound round = round();
        List<Runnable> replies = new ArrayList<>();

        round.tick(T0.plusSeconds(600), replies);

        assertThat(round.settled()).isFalse();
        assertThat(round.failure()).isEmpty();
        SecAggReply setup = round.handle("alpha", Optional.empty(), poll(), T0.plusSeconds(600), replies).join();
        assertThat(setup.hasWait() || setup.hasAbort()).as(setup.toString()).isFalse();
    }

    @Test
    void tick_setupTimeoutAfterTheFirstCall_roundWithoutKeysFails() {
        SecureRound round = round();
        List<Runnable> replies = new ArrayList<>();
        Instant first = T0.plusSeconds(600);
        round.handle("alpha", Optional.empty(), poll(), first, replies).join();

        round.tick(first.plusSeconds(59), replies);
        assertThat(round.failure()).isEmpty();
        round.tick(first.plusSeconds(60), replies);

        assertThat(round.failure()).hasValueSatisfying(e -> assertThat(e.getMessage())
                .contains("0 of 2 participants advertised keys"));
    }

    private SecureRound round() {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alpha", "bravo");
        SecureAggregation config = new SecureAggregation("fed", new SecureAggregationSettings(true, 0.66,
                OptionalInt.empty(), 1.0, OptionalInt.empty(), 10_000, 60),
                org.fl4j.secagg.PeerTrust.fromFile(pki.chain(), Clock.systemUTC()));
        return SecureRound.begin(config, 0, List.of("alpha", "bravo"), 10, T0, LONG_POLL);
    }

    private static SecAggRequest poll() {
        return SecAggRequest.newBuilder().setRound(0).setStage(SecAggWire.stage(Stage.ADVERTISE_KEYS))
                .setPoll(SecAggPoll.getDefaultInstance()).build();
    }
}
