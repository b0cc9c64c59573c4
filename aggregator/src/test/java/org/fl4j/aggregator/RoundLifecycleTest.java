package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Straggler policies, the end of a federation and restarts, with a clock the test moves. */
class RoundLifecycleTest {

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

    private AggregatorServer start(AggregatorConfig config) throws IOException {
        return aggregator.start(config);
    }

    private ScriptedSite site(String name, AggregatorConfig config) {
        return aggregator.site(name, config);
    }

    private AggregatorConfig started(int rounds, StragglerPolicy policy) throws IOException {
        AggregatorConfig config = TestFederations.config(workspace, rounds, policy);
        TestFederations.writeInitialModel(config);
        start(config);
        return config;
    }

    @Test
    void cutoffTime_straggler_roundClosesAfterTheCutoffAndItsLateResultIsDropped() throws Exception {
        AggregatorConfig config = started(2, new StragglerPolicy.CutoffTime(10, 2));
        site("alpha", config).nextRound();
        site("bravo", config).nextRound();
        ScriptedSite charlie = site("charlie", config);
        charlie.tasks();
        aggregator.server().federation().tick();
        assertThat(aggregator.server().federation().round()).isZero();

        clock.advance(Duration.ofSeconds(10));
        aggregator.server().federation().tick();

        assertThat(aggregator.server().federation().round()).isEqualTo(1);
        aggregator.server().federation().awaitCommitted();
        AbstractFederationRoundTest.assertClose(ModelFile.read(config.paths().lastModel()).weights(),
                TestFederations.expectedAverage(TestFederations.initialModel(), List.of("alpha", "bravo"), 0));
        assertThat(log.lines()).anyMatch(l -> l.contains("Closing round 0 without [charlie]")
                && l.contains("cutoff time of 10.0 s passed"));
        assertThatThrownBy(() -> charlie.client.send(charlie.result("train", 0, TestFederations.initialModel())))
                .isInstanceOfSatisfying(FederationException.class,
                        e -> assertThat(e.kind()).isEqualTo(FederationException.Kind.STALE));
        assertThat(log.lines()).contains("INFO Dropped a late result of train, round 0 from charlie: the federation"
                + " is in round 1");
    }

    @Test
    void cutoffTime_fewerThanMinimumReporting_keepsWaiting() throws Exception {
        started(2, new StragglerPolicy.CutoffTime(10, 2));
        site("alpha", TestFederations.config(workspace, 2)).nextRound();

        clock.advance(Duration.ofSeconds(60));
        aggregator.server().federation().tick();

        assertThat(aggregator.server().federation().round()).isZero();
    }

    @Test
    void percentage_twoThirdsNeeded_closesAtTheSecondReport() throws Exception {
        AggregatorConfig config = started(2, new StragglerPolicy.Percentage(0.6, 1));
        site("alpha", config).nextRound();
        assertThat(aggregator.server().federation().round()).isZero();

        site("bravo", config).nextRound();

        assertThat(aggregator.server().federation().round()).isEqualTo(1);
    }

    @Test
    void quit_collaboratorNeverComesBack_finishedAfterTheGracePeriod() throws Exception {
        AggregatorConfig config = started(1, new StragglerPolicy.WaitForAll());
        for (String name : TestFederations.COLLABORATORS) {
            site(name, config).nextRound();
        }
        assertThat(site("alpha", config).tasks()).isEqualTo(new TasksOutcome.Quit("all 1 rounds are done"));
        site("bravo", config).tasks();
        aggregator.server().federation().tick();
        assertThat(aggregator.server().federation().finished()).isNotDone();

        aggregator.server().federation().awaitCommitted();
        clock.advance(config.quitGrace());
        aggregator.server().federation().tick();

        assertThat(aggregator.server().federation().finished()).isDone();
        assertThat(log.lines()).anyMatch(l -> l.contains("not told to quit: [charlie]"));
    }

    @Test
    void restart_midRound_resumesFromTheLastCompletedRoundAndEndsWithTheSameModel() throws Exception {
        AggregatorConfig config = started(3, new StragglerPolicy.WaitForAll());
        for (String name : TestFederations.COLLABORATORS) {
            site(name, config).nextRound();
        }
        site("alpha", config).nextRound();
        site("bravo", config).nextRound();
        List<String> linesBefore = TestFederations.metricsLines(config);
        aggregator.stop();

        start(config);

        assertThat(aggregator.server().federation().round()).isEqualTo(1);
        List<String> resumed = TestFederations.metricsLines(config);
        assertThat(resumed).hasSize(12).allMatch(l -> l.startsWith("{\"round\":0,"));
        assertThat(linesBefore).startsWith(resumed.toArray(String[]::new)).hasSize(12 + 6);
        for (int round = 1; round < 3; round++) {
            for (String name : TestFederations.COLLABORATORS) {
                assertThat(site(name, config).nextRound()).isEqualTo(round);
            }
        }
        ModelWeights expected = TestFederations.initialModel();
        for (int round = 0; round < 3; round++) {
            expected = TestFederations.expectedAverage(expected, TestFederations.COLLABORATORS, round);
        }
        aggregator.server().federation().awaitCommitted();
        assertThat(ModelFile.read(config.paths().lastModel()).weights()).isEqualTo(expected);
        assertThat(TestFederations.checkpoint(config).round()).isEqualTo(3);
    }

    @Test
    void saveFails_aggregatorStops_collaboratorsToldToRetry_andARestartResumesFromTheLastSavedRound() throws Exception {
        AggregatorConfig config = started(2, new StragglerPolicy.WaitForAll());
        Path blocker = config.paths().lastModel();
        Files.createDirectories(blocker.resolve("in-the-way"));
        for (String name : TestFederations.COLLABORATORS) {
            site(name, config).nextRound();
        }

        var federation = aggregator.server().federation();
        assertThatThrownBy(federation::awaitCommitted).isInstanceOf(IOException.class)
                .hasMessageContaining(blocker.getFileName().toString());
        assertThatThrownBy(() -> federation.finished().get(10, TimeUnit.SECONDS))
                .hasMessageContaining("round 0 could not be saved");
        assertThatThrownBy(() -> site("alpha", config).tasks()).isInstanceOf(FederationException.class)
                .hasMessageContaining("the aggregator is stopping: round 0 could not be saved");
        assertThat(config.paths().checkpoint()).doesNotExist();
        assertThat(log.lines()).anyMatch(l -> l.startsWith("ERROR Round 0 could not be saved")
                && l.endsWith("stopping the aggregator"));
        aggregator.stop();

        Files.delete(blocker.resolve("in-the-way"));
        Files.delete(blocker);
        start(config);
        for (int round = 0; round < 2; round++) {
            for (String name : TestFederations.COLLABORATORS) {
                assertThat(site(name, config).nextRound()).isEqualTo(round);
            }
        }
        aggregator.server().federation().awaitCommitted();
        ModelWeights expected = TestFederations.initialModel();
        for (int round = 0; round < 2; round++) {
            expected = TestFederations.expectedAverage(expected, TestFederations.COLLABORATORS, round);
        }
        assertThat(ModelFile.read(config.paths().lastModel()).weights()).isEqualTo(expected);
    }

    @Test
    void restart_afterTheLastRound_tellsCollaboratorsToQuitAtOnce() throws Exception {
        AggregatorConfig config = started(1, new StragglerPolicy.WaitForAll());
        for (String name : TestFederations.COLLABORATORS) {
            site(name, config).nextRound();
        }
        aggregator.stop();

        start(config);

        assertThat(site("charlie", config).tasks()).isInstanceOf(TasksOutcome.Quit.class);
    }

    @Test
    void restart_withAnotherPlan_refusesTheCheckpoint() throws Exception {
        AggregatorConfig config = started(2, new StragglerPolicy.WaitForAll());
        for (String name : TestFederations.COLLABORATORS) {
            site(name, config).nextRound();
        }
        aggregator.stop();
        AggregatorConfig other = new AggregatorConfig(config.name(), "fl4j-ffffffffffffffff", config.collaborators(),
                2, config.assigner(), config.tasks(), config.straggler(), config.bestModelMetric(), config.paths(),
                config.limits(), config.longPoll(), config.quitGrace(), config.seed(), Map.of(), 2,
                config.updateStaging());

        assertThatThrownBy(() -> start(other)).isInstanceOf(IOException.class)
                .hasMessageContaining("belongs to federation " + TestFederations.FEDERATION)
                .hasMessageContaining("move the checkpoint away");
    }

    @Test
    void writeLogsFalse_noMetricsFile_butTheCheckpointKeepsTheHistory() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 2);
        config = config.withPaths(config.paths().withoutMetricsLog());
        TestFederations.writeInitialModel(config);
        start(config);

        for (String name : TestFederations.COLLABORATORS) {
            site(name, config).nextRound();
        }

        aggregator.server().federation().awaitCommitted();
        assertThat(workspace.resolve("logs/metrics.jsonl")).doesNotExist();
        assertThat(TestFederations.checkpoint(config).metricLines()).hasSize(12);
    }

    @Test
    void start_withoutInitialModel_saysWhereItLooked() {
        AggregatorConfig config = TestFederations.config(workspace, 2);

        assertThatThrownBy(() -> start(config)).isInstanceOf(IOException.class)
                .hasMessageContaining("init.fl4j does not exist");
    }
}
