package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fl4j.plan.Sampling;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Client sampling through the real service on the in-process transport, with a clock the test moves. */
class SamplingFederationTest {

    @TempDir
    Path workspace;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    @RegisterExtension
    final InProcessAggregator aggregator = new InProcessAggregator(clock);
    private final LogCapture log = new LogCapture("org.fl4j.aggregator.round.Federation");

    @AfterEach
    void stop() {
        log.close();
    }

    private AggregatorConfig started(int rounds, Sampling sampling) throws IOException {
        AggregatorConfig config = TestFederations.sampled(TestFederations.config(workspace, rounds,
                new StragglerPolicy.WaitForAll()), sampling);
        TestFederations.writeInitialModel(config);
        aggregator.start(config);
        return config;
    }

    private List<String> selected() {
        return new ArrayList<>(aggregator.server().federation().snapshot().progress().keySet());
    }

    @Test
    void sampling_twoOfThree_onlyTheSelectedGetTasksTheOtherWaitsInItsLongPoll() throws Exception {
        AggregatorConfig config = started(3, new Sampling(2, 0, 0));
        Map<String, Integer> times = new HashMap<>();
        for (long round = 0; round < 3; round++) {
            List<String> chosen = selected();
            assertThat(chosen).hasSize(2);
            String other = TestFederations.COLLABORATORS.stream().filter(c -> !chosen.contains(c)).findFirst()
                    .orElseThrow();
            ScriptedSite waiting = aggregator.site(other, config);
            CompletableFuture<TasksOutcome> poll = CompletableFuture.supplyAsync(() -> waiting.client.tasks(
                    Duration.ofSeconds(5)));
            Thread.sleep(200);
            assertThat(poll).isNotDone();
            clock.advance(config.longPoll());
            aggregator.server().federation().tick();
            assertThat(poll.get(5, TimeUnit.SECONDS)).isInstanceOf(TasksOutcome.Idle.class);

            for (String c : chosen) {
                assertThat(aggregator.site(c, config).nextRound()).isEqualTo(round);
                times.merge(c, 1, Integer::sum);
            }
            assertThat(aggregator.server().federation().round()).isEqualTo(round + 1);
        }
        // Least recently selected first: over three rounds of two, everyone twice.
        assertThat(times).containsOnlyKeys(TestFederations.COLLABORATORS).allSatisfy((c, n) -> assertThat(n)
                .isEqualTo(2));
    }

    @Test
    void overSelection_oneNeededTwoSelected_closesAtTheFirstAndRefusesTheLateOneAsForAClosedRound() throws Exception {
        AggregatorConfig config = started(2, new Sampling(1, 0, 1.0));
        List<String> chosen = selected();
        assertThat(chosen).hasSize(2);
        ScriptedSite first = aggregator.site(chosen.get(0), config);
        ScriptedSite late = aggregator.site(chosen.get(1), config);
        TasksOutcome.Assignment lateTasks = (TasksOutcome.Assignment) late.tasks();

        first.nextRound();

        assertThat(aggregator.server().federation().round()).isEqualTo(1);
        assertThat(log.lines()).anyMatch(l -> l.contains("Closing round 0 without [" + chosen.get(1) + "]")
                && l.contains("its target of 1 results was met") && l.contains("1 of 2 collaborators reported"));
        assertThatThrownBy(() -> late.client.send(late.result("train", lateTasks.round(),
                TestFederations.initialModel()))).isInstanceOfSatisfying(FederationException.class,
                        e -> assertThat(e.kind()).isEqualTo(FederationException.Kind.STALE));
        aggregator.server().federation().awaitCommitted();
        AbstractFederationRoundTest.assertClose(ModelFile.read(config.paths().lastModel()).weights(),
                TestFederations.expectedAverage(TestFederations.initialModel(), List.of(chosen.get(0)), 0));
    }

    @Test
    void restart_midFederation_samplesTheSameCollaboratorsAsWithoutIt() throws Exception {
        AggregatorConfig config = started(4, new Sampling(0, 0.5, 0));
        List<List<String>> uninterrupted = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            List<String> chosen = selected();
            uninterrupted.add(chosen);
            for (String c : chosen) {
                aggregator.site(c, config).nextRound();
            }
        }
        aggregator.server().federation().awaitCommitted();
        aggregator.stop();

        java.nio.file.Path second = workspace.resolve("second");
        AggregatorConfig again = TestFederations.sampled(TestFederations.config(second, 4,
                new StragglerPolicy.WaitForAll()), new Sampling(0, 0.5, 0));
        TestFederations.writeInitialModel(again);
        aggregator.start(again);
        List<List<String>> restarted = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            if (round == 2) {
                aggregator.server().federation().awaitCommitted();
                aggregator.stop();
                aggregator.start(again);
                assertThat(aggregator.server().federation().round()).isEqualTo(2);
            }
            List<String> chosen = selected();
            restarted.add(chosen);
            for (String c : chosen) {
                aggregator.site(c, again).nextRound();
            }
        }

        assertThat(restarted).isEqualTo(uninterrupted);
        assertThat(uninterrupted).allSatisfy(c -> assertThat(c).hasSize(2));
    }
}
