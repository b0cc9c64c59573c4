package org.fl4j.aggregator.store;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.protocol.model.AtomicFiles;
import org.fl4j.protocol.model.Checkpoint;
import org.fl4j.protocol.model.CheckpointFile;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.openfl.OpenFlModelFile;

/**
 * The aggregator's files: the initial model it starts from, the best and last models it writes, the
 * checkpoint it resumes from, and the metrics log. Every model file and the checkpoint are replaced
 * atomically. Failures are {@link IOException}s naming the file. Model paths ending in {@code .pbuf} are
 * OpenFL's model files ({@link ModelFile} reads and writes both kinds).
 */
public final class FederationStore {

    private final AggregatorConfig.StatePaths paths;
    private volatile Map<String, String> provenance;
    private final MetricsLog metrics;
    private final CheckpointModel checkpointModel;
    private static final ModelWriters WRITERS = new ModelWriters();

    public FederationStore(AggregatorConfig.StatePaths paths, Map<String, String> provenance) {
        this.paths = paths;
        this.provenance = Map.copyOf(provenance);
        this.metrics = new MetricsLog(paths.metricsLog());
        this.checkpointModel = new CheckpointModel(checkpointModelFile(paths), paths.checkpoint());
    }

    /**
     * The file holding the checkpoint's model: the last model, or beside an OpenFL last model (which has no room
     * for the checkpoint's token) {@code <last>.fl4j}, in fl4j's format.
     */
    static java.nio.file.Path checkpointModelFile(AggregatorConfig.StatePaths paths) {
        java.nio.file.Path last = paths.lastModel();
        return OpenFlModelFile.is(last) ? last.resolveSibling(last.getFileName() + ".fl4j") : last;
    }

    public AggregatorConfig.StatePaths paths() {
        return paths;
    }

    public MetricsLog metrics() {
        return metrics;
    }

    /** The checkpoint of an earlier run, if there is one, with its model (see {@link CheckpointModel}). */
    public Optional<Checkpoint> checkpoint() throws IOException {
        if (!Files.exists(paths.checkpoint())) {
            return Optional.empty();
        }
        return Optional.of(CheckpointFile.read(paths.checkpoint(), checkpointModel::find));
    }

    /** The round-0 model; its provenance (runner, model source, versions) carries over to the models saved. */
    public ModelWeights initialModel() throws IOException {
        if (!Files.exists(paths.initModel())) {
            throw new IOException("the initial model " + paths.initModel() + " does not exist (fx plan initialize"
                    + " writes it)");
        }
        SavedModel init = ModelFile.read(paths.initModel());
        inherit(init.provenance());
        return init.weights();
    }

    /** After a resume from the checkpoint: the initial model's provenance, if its file is still there. */
    public void inheritInitialProvenance() throws IOException {
        if (Files.exists(paths.initModel())) {
            inherit(ModelFile.readHeader(paths.initModel()).provenance());
        }
    }

    private void inherit(Map<String, String> initial) {
        Map<String, String> merged = new LinkedHashMap<>(initial);
        merged.putAll(provenance);
        provenance = Map.copyOf(merged);
    }

    public void saveBest(long round, ModelWeights model, String metric, double score) throws IOException {
        Map<String, String> p = new LinkedHashMap<>(provenance);
        p.put("best_metric", metric);
        p.put("best_score", Double.toString(score));
        ModelFile.write(paths.bestModel(), new SavedModel(round, p, model));
    }

    /** The last model, carrying the token of the checkpoint that will name it as its model. */
    private void saveLast(long round, ModelWeights model, String token) throws IOException {
        Map<String, String> p = new LinkedHashMap<>(provenance);
        p.put(CheckpointFile.TOKEN_KEY, token);
        java.nio.file.Path tokenFile = checkpointModelFile(paths);
        if (!tokenFile.equals(paths.lastModel())) {
            ModelFile.write(paths.lastModel(), new SavedModel(round, provenance, model));
        }
        ModelFile.write(tokenFile, new SavedModel(round, p, model));
    }

    /** The best model of a round, to save with its metric and score. */
    public record BestModel(long round, ModelWeights model, String metric, double score) {
    }

    /**
     * Saves a closed round: the last model (and the best one, if it improved) are written on other threads
     * while this one writes the checkpoint beside its file; the checkpoint, the commit point a restart resumes
     * from, replaces the old one only once the models are safely on disk. The checkpoint's model is the last
     * model file, written once: until the new checkpoint is in place, the last model the old one names is kept
     * beside it ({@link CheckpointModel}).
     */
    public void saveRound(long round, ModelWeights last, Optional<BestModel> best, Checkpoint checkpoint)
            throws IOException {
        String token = UUID.randomUUID().toString();
        checkpointModel.keepPrevious();
        List<CompletableFuture<Void>> models = new ArrayList<>();
        models.add(WRITERS.submit(() -> saveLast(round, last, token)));
        best.ifPresent(b -> models.add(WRITERS.submit(() -> saveBest(b.round(), b.model(), b.metric(), b.score()))));
        try (AtomicFiles.Pending pending = CheckpointFile.prepare(paths.checkpoint(), checkpoint, token)) {
            ModelWriters.await(models);
            pending.commit();
        } finally {
            models.forEach(f -> f.cancel(false));
        }
        checkpointModel.dropPrevious();
    }
}
