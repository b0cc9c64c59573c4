package org.fl4j.aggregator.store;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.protocol.model.Checkpoint;
import org.fl4j.protocol.model.CheckpointFile;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;

/**
 * The aggregator's files: the initial model it starts from, the best and last models it writes, the
 * checkpoint it resumes from, and the metrics log. Every model file and the checkpoint are replaced
 * atomically. Failures are {@link IOException}s naming the file.
 */
public final class FederationStore {

    private final AggregatorConfig.StatePaths paths;
    private final Map<String, String> provenance;
    private final MetricsLog metrics;

    public FederationStore(AggregatorConfig.StatePaths paths, Map<String, String> provenance) {
        this.paths = paths;
        this.provenance = Map.copyOf(provenance);
        this.metrics = new MetricsLog(paths.metricsLog());
    }

    public AggregatorConfig.StatePaths paths() {
        return paths;
    }

    public MetricsLog metrics() {
        return metrics;
    }

    /** The checkpoint of an earlier run, if there is one. */
    public Optional<Checkpoint> checkpoint() throws IOException {
        if (!Files.exists(paths.checkpoint())) {
            return Optional.empty();
        }
        return Optional.of(CheckpointFile.read(paths.checkpoint()));
    }

    /** The round-0 model. */
    public ModelWeights initialModel() throws IOException {
        if (!Files.exists(paths.initModel())) {
            throw new IOException("the initial model " + paths.initModel() + " does not exist (fx plan initialize"
                    + " writes it)");
        }
        return ModelFile.read(paths.initModel()).weights();
    }

    public void saveBest(long round, ModelWeights model, String metric, double score) throws IOException {
        Map<String, String> p = new LinkedHashMap<>(provenance);
        p.put("best_metric", metric);
        p.put("best_score", Double.toString(score));
        ModelFile.write(paths.bestModel(), new SavedModel(round, p, model));
    }

    public void saveLast(long round, ModelWeights model) throws IOException {
        ModelFile.write(paths.lastModel(), new SavedModel(round, provenance, model));
    }

    public void saveCheckpoint(Checkpoint checkpoint) throws IOException {
        CheckpointFile.write(paths.checkpoint(), checkpoint);
    }
}
