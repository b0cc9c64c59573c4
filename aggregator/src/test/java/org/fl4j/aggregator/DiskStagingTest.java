package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.fl4j.plan.Component;
import org.fl4j.plan.Settings;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.plan.TaskSpec;
import org.fl4j.plan.UpdateStaging;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code update_staging: disk}: updates staged in files, combined tile by tile, same model as in memory. */
class DiskStagingTest {

    @TempDir
    Path workspace;

    @RegisterExtension
    final InProcessAggregator aggregator = new InProcessAggregator(new MutableClock(
            Instant.parse("2025-01-01T00:00:00Z")));

    private static AggregatorConfig onDisk(AggregatorConfig c, Map<String, TaskSpec> tasks) {
        return new AggregatorConfig(c.name(), c.federationId(), c.collaborators(), c.roundsToTrain(), c.assigner(),
                tasks, c.straggler(), c.bestModelMetric(), c.paths(), c.limits(), c.longPoll(), c.quitGrace(),
                c.seed(), c.provenance(), c.maxConcurrentUploads(), UpdateStaging.DISK);
    }

    @Test
    void twoRounds_onDisk_sameModelsAsInMemory_filesReusedAndDeletedAtStop() throws Exception {
        AggregatorConfig base = TestFederations.config(workspace, 2, new StragglerPolicy.WaitForAll());
        AggregatorConfig config = onDisk(base, base.tasks());
        TestFederations.writeInitialModel(config);
        aggregator.start(config);

        for (int round = 0; round < 2; round++) {
            for (String name : TestFederations.COLLABORATORS) {
                assertThat(aggregator.site(name, config).nextRound()).isEqualTo(round);
            }
        }

        ModelWeights expected = TestFederations.initialModel();
        for (int round = 0; round < 2; round++) {
            expected = TestFederations.expectedAverage(expected, TestFederations.COLLABORATORS, round);
        }
        aggregator.server().federation().awaitCommitted();
        AbstractFederationRoundTest.assertClose(ModelFile.read(config.paths().lastModel()).weights(), expected);
        Path staging = config.paths().checkpoint().getParent().resolve("staging");
        try (Stream<Path> kept = Files.list(staging)) {
            assertThat(kept).as("one file per update of a round, reused by the second round")
                    .hasSize(TestFederations.COLLABORATORS.size());
        }

        aggregator.stop();

        try (Stream<Path> left = Files.list(staging)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void inMemory_afterACrashedRunOnDisk_deletesTheUpdateFilesItLeft() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 1, new StragglerPolicy.WaitForAll());
        TestFederations.writeInitialModel(config);
        Path staging = config.paths().checkpoint().getParent().resolve("staging");
        Files.createDirectories(staging);
        Path leftover = Files.write(staging.resolve("alpha-3.update"), new byte[64]);
        Path other = Files.write(staging.resolve("notes.txt"), new byte[1]);
        LogCapture log = new LogCapture("org.fl4j.aggregator.round.Federation");
        try {
            aggregator.start(config);

            assertThat(leftover).doesNotExist();
            assertThat(other).exists();
            assertThat(log.lines()).anyMatch(l -> l.equals("INFO Deleted 1 staged update files an earlier run left in "
                    + staging.toAbsolutePath()));
        } finally {
            log.close();
        }
    }

    @Test
    void onDisk_withAStrategyThatIsNotCoordinateWise_refusedAtStartNamingTheSetting() {
        AggregatorConfig base = TestFederations.config(workspace, 1, new StragglerPolicy.WaitForAll());
        Map<String, TaskSpec> tasks = new LinkedHashMap<>(base.tasks());
        TaskSpec train = tasks.get("train");
        tasks.put("train", new TaskSpec(train.name(), train.function(), train.kwargs(), new Component("FedAdam",
                new Settings("tasks.train.aggregation_type.settings", Map.of()))));
        AggregatorConfig config = onDisk(base, tasks);
        TestFederations.writeInitialModel(config);

        assertThatThrownBy(() -> aggregator.start(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("aggregator.settings.update_staging: disk combines updates a tile of"
                        + " coordinates at a time, which FedAdam cannot");
    }
}
