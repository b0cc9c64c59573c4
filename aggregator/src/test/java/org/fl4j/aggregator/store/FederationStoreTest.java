package org.fl4j.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.protocol.model.Checkpoint;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationStoreTest {

    @TempDir
    Path workspace;

    private static ModelWeights model(float v) {
        return new ModelWeights(List.of(new Tensor("dense/w", new int[] {2, 3}, new float[] {v, v, v, v, v, v}),
                new Tensor("dense/b", new int[] {3}, new float[] {v, 0, -v})));
    }

    private static Checkpoint checkpoint(long round, ModelWeights m) {
        return new Checkpoint("fed-1", round, m, OptionalDouble.of(0.5), round, "WeightedAverage", 0, Map.of(),
                List.of());
    }

    private FederationStore store() {
        AggregatorConfig.StatePaths p = AggregatorConfig.StatePaths.in(workspace, Path.of("save/init.fl4j"),
                Path.of("save/best.fl4j"), Path.of("save/last.fl4j"), Path.of("save/checkpoint.fl4j"));
        return new FederationStore(p, Map.of("plan_hash", "abc", "seed", "7"));
    }

    @Test
    void saveRound_writesLastBestAndCheckpoint() throws IOException {
        FederationStore store = store();
        store.saveRound(3, model(2), Optional.of(new FederationStore.BestModel(2, model(1), "val/accuracy", 0.9)),
                checkpoint(3, model(2)));

        SavedModel last = ModelFile.read(store.paths().lastModel());
        SavedModel best = ModelFile.read(store.paths().bestModel());
        assertThat(last.round()).isEqualTo(3);
        assertThat(last.weights()).isEqualTo(model(2));
        assertThat(last.provenance()).containsEntry("seed", "7").containsEntry("plan_hash", "abc");
        assertThat(best.round()).isEqualTo(2);
        assertThat(best.weights()).isEqualTo(model(1));
        assertThat(best.provenance()).containsEntry("best_metric", "val/accuracy").containsEntry("best_score", "0.9");
        assertThat(store.checkpoint()).hasValueSatisfying(c -> assertThat(c.round()).isEqualTo(3));
    }

    @Test
    void saveRound_modelWriteFails_checkpointKeepsThePreviousRoundAndNoTempFileStays() throws IOException {
        FederationStore store = store();
        store.saveRound(1, model(1), Optional.empty(), checkpoint(1, model(1)));
        Files.createDirectories(store.paths().bestModel().resolve("in-the-way"));

        assertThatThrownBy(() -> store.saveRound(2, model(2), Optional.of(new FederationStore.BestModel(2, model(2),
                "val/accuracy", 0.95)), checkpoint(2, model(2)))).isInstanceOf(IOException.class);

        try (var files = Files.list(store.paths().checkpoint().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        // the last model of round 2 did reach the disk: the checkpoint's (round 1) was kept beside it
        assertThat(ModelFile.read(store.paths().lastModel()).weights()).isEqualTo(model(2));
        assertThat(store.checkpoint()).hasValueSatisfying(c -> {
            assertThat(c.round()).isEqualTo(1);
            assertThat(c.model()).isEqualTo(model(1));
        });
        assertThat(ModelFile.read(store.paths().lastModel()).weights()).isEqualTo(model(1));
        assertThat(previousLast(store)).doesNotExist();
    }

    private static Path previousLast(FederationStore store) {
        return store.paths().lastModel().resolveSibling("last.fl4j.prev");
    }

    @Test
    void saveRound_checkpointNamesTheLastModelFile_modelWrittenOnce() throws IOException {
        FederationStore store = store();
        ModelWeights big = new ModelWeights(List.of(new Tensor("w", new int[] {100_000}, new float[100_000])));
        store.saveRound(1, model(1), Optional.empty(), checkpoint(1, model(1)));
        store.saveRound(2, big, Optional.empty(), checkpoint(2, big));

        assertThat(Files.size(store.paths().checkpoint())).isLessThan(10_000);
        assertThat(store().checkpoint()).hasValueSatisfying(c -> {
            assertThat(c.round()).isEqualTo(2);
            assertThat(c.model()).isEqualTo(big);
        });
        assertThat(previousLast(store)).doesNotExist();
    }

    @Test
    void lastModelReplacedAfterTheRun_resumeRefusedNamingTheFile() throws IOException {
        FederationStore store = store();
        store.saveRound(1, model(1), Optional.empty(), checkpoint(1, model(1)));
        ModelFile.write(store.paths().lastModel(), new SavedModel(7, Map.of(), model(7)));

        assertThatThrownBy(() -> store().checkpoint()).isInstanceOf(IOException.class)
                .hasMessageContaining("checkpoint.fl4j resumes from the model the aggregator saved as")
                .hasMessageContaining("last.fl4j holds another model (round 7)");
        Files.delete(store.paths().lastModel());
        assertThatThrownBy(() -> store().checkpoint()).isInstanceOf(IOException.class)
                .hasMessageContaining("last.fl4j does not exist");
    }

    @Test
    void initialModelProvenance_carriesOverToSavedModels_planKeysWin() throws IOException {
        FederationStore store = store();
        ModelFile.write(store.paths().initModel(), new SavedModel(0, Map.of("task_runner", "fl4j.dl4j.KerasRunner",
                "dl4j_version", "1.0.0-M2.1", "plan_hash", "older"), model(0)));

        store.initialModel();
        store.saveRound(1, model(1), Optional.empty(), checkpoint(1, model(1)));

        assertThat(ModelFile.read(store.paths().lastModel()).provenance())
                .containsEntry("task_runner", "fl4j.dl4j.KerasRunner").containsEntry("dl4j_version", "1.0.0-M2.1")
                .containsEntry("plan_hash", "abc").containsEntry("seed", "7");
        FederationStore resumed = store();
        resumed.inheritInitialProvenance();
        resumed.saveRound(2, model(2), Optional.empty(), checkpoint(2, model(2)));
        assertThat(ModelFile.readHeader(resumed.paths().lastModel()).provenance())
                .containsEntry("task_runner", "fl4j.dl4j.KerasRunner").containsEntry("plan_hash", "abc");
    }
}
