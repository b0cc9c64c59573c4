package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.pki.TestPki;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator and three collaborators as separate {@code fx} processes, each from its own workspace folder,
 * over loopback mutual TLS: a clean federation, and the same federation through crashes (SIGKILL) and
 * restarts. Training is deterministic, so every run that loses no contribution ends with the clean run's model.
 */
class MultiProcessFederationIT {

    private static final Duration RUN = Duration.ofSeconds(150);

    @TempDir
    static Path shared;

    private static TestPki pki;

    @TempDir
    Path dir;

    private final List<FxProcess> processes = new ArrayList<>();

    @BeforeAll
    static void pki() {
        pki = TestPki.create(shared.resolve("pki"), Sites.COLLABORATORS.toArray(String[]::new));
    }

    @AfterEach
    void cleanup() {
        processes.forEach(FxProcess::close);
    }

    private FxProcess aggregator(Sites sites, String logName) {
        FxProcess p = FxProcess.start(logName, sites.aggregator(), dir.resolve("logs"), "aggregator", "start");
        processes.add(p);
        return p;
    }

    private FxProcess collaborator(Sites sites, String name, String logName) {
        FxProcess p = FxProcess.start(logName, sites.collaborator(name), dir.resolve("logs"), "collaborator", "start",
                "-n", name, "--give-up-after", "60");
        processes.add(p);
        return p;
    }

    private List<FxProcess> collaborators(Sites sites) {
        List<FxProcess> out = new ArrayList<>();
        for (String name : Sites.COLLABORATORS) {
            out.add(collaborator(sites, name, name));
        }
        return out;
    }

    private static void assertExitsCleanly(FxProcess p) throws InterruptedException {
        int code = p.exitCode(RUN);
        assertThat(code).as("exit code of %s:\n%s", p.name(), p.output()).isZero();
    }

    /**
     * The federation without incident, run once (by whichever test needs it first): its processes and the last
     * model it ended with.
     */
    private record CleanRun(Sites sites, FxProcess aggregator, List<FxProcess> collaborators, ModelWeights model) {
    }

    private static CleanRun clean;

    private static synchronized CleanRun cleanRun() throws Exception {
        if (clean == null) {
            Sites sites = Sites.create(shared.resolve("clean"), pki, 3, Sites.WAIT_FOR_ALL);
            Path logs = shared.resolve("logs");
            List<FxProcess> all = new ArrayList<>();
            try {
                FxProcess agg = FxProcess.start("clean-aggregator", sites.aggregator(), logs, "aggregator", "start");
                all.add(agg);
                for (String name : Sites.COLLABORATORS) {
                    all.add(FxProcess.start("clean-" + name, sites.collaborator(name), logs, "collaborator", "start",
                            "-n", name));
                }
                for (FxProcess p : all) {
                    assertExitsCleanly(p);
                }
            } finally {
                all.forEach(FxProcess::close);
            }
            clean = new CleanRun(sites, all.get(0), all.subList(1, all.size()),
                    ModelFile.read(sites.aggregator().resolve("save/softmax_last.fl4j")).weights());
        }
        return clean;
    }

    @Test
    void aggregatorAndThreeCollaborators_threeRounds_metricsAndModelsWritten() throws Exception {
        CleanRun run = cleanRun();

        for (FxProcess c : run.collaborators()) {
            assertThat(c.output()).contains("Received the following tasks: [aggregated_model_validation, train,"
                    + " locally_tuned_model_validation]", "Sending metric for task train, round number 0: loss",
                    "The aggregator ended the federation: all 3 rounds are done");
        }
        assertThat(run.aggregator().output()).contains("Starting round 2...", "Saved the best model with score",
                "Every collaborator was told to quit", "fx aggregator start: OK");
        List<String> lines = Sites.lines(run.sites().metricsLog());
        assertThat(lines).hasSize(3 * (3 * 3 + 3));
        String accuracy = lines.stream().filter(l -> l.startsWith("{\"round\":2,\"origin\":\"aggregator\","
                + "\"task\":\"aggregated_model_validation\",\"metric\":\"accuracy\"")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(accuracy.replaceAll(".*\"value\":([^,]+),.*", "$1"))).isGreaterThan(0.85);
        Path save = run.sites().aggregator().resolve("save");
        assertThat(ModelFile.read(save.resolve("softmax_last.fl4j")).round()).isEqualTo(3);
        assertThat(ModelFile.read(save.resolve("softmax_best.fl4j")).round()).isEqualTo(2);
        assertThat(save.resolve("checkpoint.fl4j")).exists();
    }

    @Test
    void collaboratorKilledMidRound_cutoffPolicy_roundsCompleteWithoutIt() throws Exception {
        Sites sites = Sites.create(dir.resolve("sites"), pki, 2, Sites.cutoff(4, 2));
        FxProcess agg = aggregator(sites, "aggregator");
        FxProcess alpha = collaborator(sites, "alpha", "alpha");
        FxProcess bravo = collaborator(sites, "bravo", "bravo");
        FxProcess charlie = collaborator(sites, "charlie", "charlie");

        charlie.awaitOutput("Received the following tasks", RUN);
        charlie.kill();

        assertExitsCleanly(agg);
        assertExitsCleanly(alpha);
        assertExitsCleanly(bravo);
        assertThat(agg.output()).contains("Closing round 0 without [charlie] (cutoff time of 4.0 s passed)",
                "Closing round 1 without [charlie]", "not told to quit: [charlie]");
        List<String> lines = Sites.lines(sites.metricsLog());
        assertThat(lines).noneMatch(l -> l.contains("\"origin\":\"charlie\",\"task\":\"train\""));
        assertThat(lines).filteredOn(l -> l.contains("\"origin\":\"aggregator\",\"task\":\"train\"")).hasSize(2);
        assertThat(ModelFile.read(sites.aggregator().resolve("save/softmax_last.fl4j")).round()).isEqualTo(2);
    }

    @Test
    void aggregatorKilledMidRound_restarted_resumesAndEndsWithTheUninterruptedModel() throws Exception {
        ModelWeights expected = cleanRun().model();
        Sites sites = Sites.create(dir.resolve("sites"), pki, 3, Sites.WAIT_FOR_ALL);
        FxProcess first = aggregator(sites, "aggregator-1");
        List<FxProcess> cols = collaborators(sites);

        first.awaitOutput("Round 0 committed", RUN);
        first.kill();
        List<String> beforeCrash = Sites.lines(sites.metricsLog());
        FxProcess second = aggregator(sites, "aggregator-2");

        assertExitsCleanly(second);
        for (FxProcess c : cols) {
            assertExitsCleanly(c);
        }
        assertThat(second.output()).contains("Resuming from checkpoint", "1 of 3 rounds done");
        assertThat(cols.get(0).output()).contains("retrying in", "Reached the aggregator again");
        List<String> lines = Sites.lines(sites.metricsLog());
        assertThat(lines).hasSize(3 * 12).doesNotHaveDuplicates();
        assertThat(lines.subList(0, 12)).isEqualTo(beforeCrash.subList(0, 12));
        assertThat(ModelFile.read(sites.aggregator().resolve("save/softmax_last.fl4j")).weights()).isEqualTo(expected);
    }

    @Test
    void collaboratorKilledAndRestartedMidRound_rejoinsAndNothingIsLost() throws Exception {
        ModelWeights expected = cleanRun().model();
        Sites sites = Sites.create(dir.resolve("sites"), pki, 3, Sites.WAIT_FOR_ALL);
        FxProcess agg = aggregator(sites, "aggregator");
        FxProcess alpha = collaborator(sites, "alpha", "alpha");
        FxProcess bravo = collaborator(sites, "bravo", "bravo-1");
        FxProcess charlie = collaborator(sites, "charlie", "charlie");

        bravo.awaitOutput("Sending metric for task train, round number 1", RUN);
        bravo.kill();
        FxProcess bravoAgain = collaborator(sites, "bravo", "bravo-2");

        assertExitsCleanly(agg);
        for (FxProcess c : List.of(alpha, charlie, bravoAgain)) {
            assertExitsCleanly(c);
        }
        assertThat(bravoAgain.output()).contains("Received the following tasks");
        List<String> lines = Sites.lines(sites.metricsLog());
        assertThat(lines).hasSize(3 * 12);
        assertThat(lines).filteredOn(l -> l.startsWith("{\"round\":1,\"origin\":\"bravo\",\"task\":\"train\""))
                .hasSize(1);
        assertThat(ModelFile.read(sites.aggregator().resolve("save/softmax_last.fl4j")).weights()).isEqualTo(expected);
    }
}
