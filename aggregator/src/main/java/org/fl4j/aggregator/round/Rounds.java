package org.fl4j.aggregator.round;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.fl4j.aggregation.AggregationException;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.NoUpdatesException;
import org.fl4j.aggregation.RoundAggregation;
import org.fl4j.aggregation.StagingBuffers;
import org.fl4j.aggregation.StagingFiles;
import org.fl4j.aggregation.StrategyState;
import org.fl4j.aggregation.TensorSpec;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.privacy.AggregatorPrivacy;
import org.fl4j.aggregator.report.CandidateReport;
import org.fl4j.aggregator.store.FederationStore;
import org.fl4j.aggregator.store.MetricsLog;
import org.fl4j.plan.UpdateStaging;
import org.fl4j.protocol.model.Checkpoint;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.ModelLease;

/**
 * The federation's memory from round to round: the global model, the strategy (and its server-optimizer
 * state), the best score and the metrics history. Resumes from the checkpoint; closes a round by finishing
 * its aggregation and logging and recording its metrics, and then saves it in the background
 * ({@link RoundCommits}): the best and last models and, as the commit point, the checkpoint.
 */
final class Rounds {

    /**
     * Values per tile when updates are staged on disk: 32 Ki values, 128 KiB of each update at a time. Small
     * enough that no array of a tile (FedAvg's double accumulator is the largest, 256 KiB) is a humongous
     * object for G1 even in the smallest heaps, whose regions are 1 MiB.
     */
    static final int TILE_ELEMENTS = 1 << 15;

    private final AggregatorConfig config;
    private final FederationStore store;
    private final AggregationStrategy strategy;
    private final AggregatorPrivacy privacy;
    private final RoundCommits commits = new RoundCommits();
    private final FederationListener listener;
    private final BestScore best;
    private final List<String> history = new ArrayList<>();
    private SharedModel model;
    /** The round whose parent model an intermediate aggregator holds ({@link #adopt}). */
    private long adoptedRound;
    private final HeldModels held;
    private ModelLayout layout;
    /** Read by whichever thread releases a model (see {@link #reuse}). */
    private volatile StagingBuffers buffers;
    private volatile StagingFiles files;
    private StagingChoice staging;

    Rounds(AggregatorConfig config, FederationStore store, AggregationStrategy strategy, AggregatorPrivacy privacy,
            FederationListener listener) {
        this.listener = listener;
        this.config = config;
        this.store = store;
        this.privacy = privacy;
        this.strategy = privacy.wrap(strategy);
        this.best = new BestScore(config.bestModelMetric(), config.tasks());
        this.held = new HeldModels(config.updatePath().downloadDeltaRounds());
        if (config.updateStaging() == UpdateStaging.DISK && !strategy.coordinateWise()) {
            throw new IllegalArgumentException("aggregator.settings.update_staging: disk combines updates a tile of"
                    + " coordinates at a time, which " + strategy.name() + " cannot (it needs whole updates or"
                    + " keeps state across coordinates; so does clip_norm): use update_staging: memory, or"
                    + " WeightedAverage, Median or TrimmedMean without clip_norm");
        }
    }

    AggregationStrategy strategy() {
        return strategy;
    }

    /** Loads the checkpoint, or the initial model for a new federation; returns the round to run. */
    long resume() throws IOException {
        Optional<Checkpoint> saved = store.checkpoint();
        long round = 0;
        if (saved.isPresent()) {
            Checkpoint c = saved.get();
            String file = store.paths().checkpoint().toString();
            if (!c.federationId().equals(config.federationId())) {
                throw new IOException(file + " belongs to federation " + c.federationId() + ", but this plan's is "
                        + config.federationId() + ": move the checkpoint away to start a new federation");
            }
            if (!c.strategy().equals(strategy.name())) {
                throw new IOException(file + " was written by aggregation strategy " + c.strategy()
                        + ", but the plan asks for " + strategy.name());
            }
            model = shared(c.model());
            layout = layout(model.weights());
            if (!c.strategySlots().isEmpty()) {
                try {
                    strategy.restoreState(new StrategyState(c.strategy(), c.strategyStep(), arrays(c.strategySlots())));
                } catch (AggregationException | IllegalArgumentException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
            store.inheritInitialProvenance();
            history.addAll(c.metricLines());
            best.restore(c.bestScore(), c.bestRound());
            round = c.round();
            privacy.restore(c.stageState(), round);
            Federation.LOG.info("Resuming from checkpoint {}: {} of {} rounds done", file, round,
                    config.roundsToTrain());
        } else {
            model = shared(store.initialModel());
            layout = layout(model.weights());
            Federation.LOG.info("Starting from the initial model {} ({} tensors, {} parameters)",
                    store.paths().initModel(), model.weights().tensorCount(), model.weights().parameterCount());
            privacy.restore(Map.of(), 0);
        }
        store.metrics().rewrite(history);
        return round;
    }

    ModelWeights model() {
        return model.weights();
    }

    /** The current model, lent to a stream that sends it; its arrays are not reused before the lease ends. */
    ModelLease lease() {
        return model.lease();
    }

    /** The global model of an earlier round {@code round}, lent to a stream sending a delta to it, or null. */
    ModelLease leaseHeld(long round) {
        return held.lease(round);
    }

    private SharedModel shared(ModelWeights weights) {
        return new SharedModel(weights, this::reuse);
    }

    /**
     * Arrays of a model nobody uses any more become a staging buffer when updates are staged in memory, the
     * next round's result when they are staged on disk.
     */
    private void reuse(float[][] arrays) {
        StagingBuffers b = buffers;
        StagingFiles f = files;
        if (b != null) {
            b.recycle(arrays);
        } else if (f != null) {
            f.recycle(arrays);
        }
    }

    /**
     * An intermediate aggregator's round {@code round}: the parent's global model becomes the current one (this
     * aggregator owns {@code weights} from now on). The model it replaces is kept for download deltas.
     *
     * @throws IllegalArgumentException when the parent's model does not have the tensors of the earlier rounds
     */
    void adopt(long round, ModelWeights weights) {
        SharedModel previous = model;
        if (previous != null && !weights.sameLayout(previous.weights())) {
            throw new IllegalArgumentException("the parent's model of round " + round + " does not have the tensors"
                    + " of its earlier rounds' models");
        }
        model = shared(weights);
        if (previous == null) {
            layout = layout(weights);
            try {
                privacy.restore(Map.of(), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            adoptedRound = round;
            return;
        }
        held.add(adoptedRound, previous);
        adoptedRound = round;
        previous.release();
    }

    /**
     * Closes an intermediate aggregator's round: its children's weighted average and total weight, and each
     * task's weighted mean metrics with the children's own results to forward; logs and writes the metrics. Saves
     * nothing: the parent's checkpoint holds the federation, and a restarted intermediate aggregator starts again
     * from the round its parent hands out.
     */
    SubtreeRound closeSubtree(RoundState s, Instant now, List<String> stragglers) {
        long start = System.nanoTime();
        Optional<ModelWeights> averaged = Optional.empty();
        long trainingSamples = s.aggregation.totalSamples();
        try {
            averaged = Optional.of(weights(s.aggregation.finish()));
        } catch (UncheckedIOException e) {
            Federation.LOG.warn("Round {}: the children's updates could not be combined: {}", s.round,
                    e.getCause().getMessage());
        } catch (NoUpdatesException e) {
            Federation.LOG.info("Round {}: no child delivered a training result", s.round);
        }
        List<String> lines = new ArrayList<>();
        Map<String, Map<String, Double>> means = new LinkedHashMap<>();
        Map<String, SubtreeRound.TaskOutcome> tasks = new LinkedHashMap<>();
        for (String task : config.tasks().keySet()) {
            var metrics = s.metrics.get(task);
            if (metrics == null || metrics.count() == 0) {
                continue;
            }
            Map<String, Double> m = metrics.means();
            means.put(task, m);
            m.forEach((metric, value) -> lines.add(MetricsLog.line(s.round, MetricsLog.AGGREGATOR, task, metric, value,
                    now)));
            long samples = s.siteSamples.getOrDefault(task, Map.of()).values().stream().mapToLong(Long::longValue)
                    .sum();
            tasks.put(task, new SubtreeRound.TaskOutcome(m, samples, s.forwardable(task)));
        }
        try {
            store.metrics().append(lines);
        } catch (IOException e) {
            Federation.LOG.error("Cannot append to {}: {}", store.metrics().file(), e.getMessage());
        }
        Federation.LOG.info("Round {} closed in {} ms: {} updates averaged (weight {}) for the parent", s.round,
                (System.nanoTime() - start) / 1_000_000, s.aggregation.acceptedCount(), trainingSamples);
        listener.roundClosed(s.round, Duration.between(s.started, now),
                Duration.ofNanos(System.nanoTime() - start), stragglers, means, now);
        return new SubtreeRound(s.round, averaged, averaged.isPresent() ? trainingSamples : 0, tasks);
    }

    /** Ends a round the parent moved past before it closed: its updates are dropped. */
    void discard(RoundState s) {
        try {
            s.aggregation.finish();
        } catch (RuntimeException e) {
            // Nothing was accepted, or the fold failed: either way nothing of the round is kept.
        }
    }

    /** The privacy budget's reason not to run round {@code round}, if any. */
    Optional<String> budgetStop(long round) {
        return privacy.budgetStop(round);
    }

    /** A collaborator's result arrived with these metrics (the sites' epsilon_next, at record level). */
    void observe(String collaborator, Map<String, Double> metrics) {
        privacy.observe(collaborator, metrics);
    }

    RoundAggregation beginAggregation(long round) {
        privacy.beginRound(round);
        if (staging == null) {
            long modelBytes = 4 * layout.parameterCount();
            long heap = Runtime.getRuntime().maxMemory();
            staging = StagingChoice.of(config.updateStaging(), strategy, modelBytes, config.maxConcurrentUploads(),
                    config.collaborators().size(), heap);
            OldGeneration.max().ifPresent(old -> OldGeneration.warning(staging.models(), modelBytes, old, heap)
                    .ifPresent(Federation.LOG::warn));
        }
        Path stagingDir = store.paths().checkpoint().toAbsolutePath().getParent().resolve("staging");
        if (staging.staging() == UpdateStaging.DISK) {
            if (files == null) {
                files = new StagingFiles(stagingDir, layout, TILE_ELEMENTS);
                Federation.LOG.info("Staging updates on disk in {} ({})", files.dir(), staging.reason());
            }
            return strategy.begin(layout, arrays(model.weights()), files);
        }
        if (buffers == null) {
            buffers = new StagingBuffers(layout, config.maxConcurrentUploads());
            Federation.LOG.info("Staging updates in memory ({})", staging.reason());
            deleteLeftovers(stagingDir);
        }
        return strategy.begin(layout, arrays(model.weights()), buffers);
    }

    /** Update files of an earlier run that staged on disk and crashed: no run reads them again. */
    private static void deleteLeftovers(Path dir) {
        try {
            int deleted = StagingFiles.deleteLeftovers(dir);
            if (deleted > 0) {
                Federation.LOG.info("Deleted {} staged update files an earlier run left in {}", deleted, dir);
            }
        } catch (IOException e) {
            Federation.LOG.warn("Cannot delete the staged update files an earlier run left in {}: {}", dir,
                    e.getMessage());
        }
    }

    /**
     * Finishes round {@code s} (new model, metrics, best score) once the round before it is committed, and
     * starts saving it: best and last models, then the checkpoint.
     *
     * @return completes when round {@code s} is committed, exceptionally with an {@link
     *         UncheckedIOException} when its files could not be written
     * @throws IOException when the previous round could not be saved, or staged updates could not be read
     */
    CompletableFuture<Void> close(RoundState s, Instant now, List<String> stragglers) throws IOException {
        commits.awaitPrevious();
        long start = System.nanoTime();
        SharedModel previous = model;
        ModelWeights next = previous.weights();
        try {
            next = weights(s.aggregation.finish());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (NoUpdatesException e) {
            boolean training = s.assignment.values().stream().flatMap(List::stream)
                    .anyMatch(t -> config.tasks().get(t).isTrain());
            if (training) {
                Federation.LOG.warn("Round {}: no model update was accepted; the model stays as it was", s.round);
            }
        }
        List<String> lines = new ArrayList<>();
        Map<String, Map<String, Double>> means = new LinkedHashMap<>();
        for (String task : config.tasks().keySet()) {
            var metrics = s.metrics.get(task);
            if (metrics == null || metrics.count() == 0) {
                continue;
            }
            Map<String, Double> m = metrics.means();
            means.put(task, m);
            Federation.LOG.info("{} task metrics...", task);
            m.forEach((metric, value) -> {
                Federation.LOG.info("    {}: {}", metric, String.format(Locale.ROOT, "%.4f", value));
                lines.add(MetricsLog.line(s.round, MetricsLog.AGGREGATOR, task, metric, value, now));
            });
        }
        privacyMetrics(s, now, lines);
        reportCandidates(s, means);
        long aggregated = System.nanoTime();
        Optional<FederationStore.BestModel> improved = best.improve(s.round, previous.weights(), next, means);
        store.metrics().append(lines);
        history.addAll(s.lines);
        history.addAll(lines);
        long nextRound = s.round + 1;
        Federation.LOG.info("Saving round {} model...", nextRound);
        Optional<StrategyState> state = strategy.exportState();
        Map<String, ModelWeights> slots = new LinkedHashMap<>();
        state.ifPresent(st -> st.tensors().forEach((slot, arrays) -> slots.put(slot, weights(arrays))));
        Checkpoint checkpoint = new Checkpoint(config.federationId(), nextRound, next, best.score(), best.round(),
                strategy.name(), state.map(StrategyState::step).orElse(0L), slots, history, privacy.state());
        Federation.LOG.info("Round {} closed in {} ms ({} updates aggregated); saving it in the background", s.round,
                (aggregated - start) / 1_000_000, s.aggregation.acceptedCount());
        listener.roundClosed(s.round, Duration.between(s.started, now),
                Duration.ofNanos(aggregated - start), stragglers, means, now);
        SharedModel last = next == previous.weights() ? previous : shared(next);
        List<SharedModel> saved = new ArrayList<>(List.of(last.retain()));
        if (improved.isPresent() && improved.get().model() == previous.weights() && last != previous) {
            saved.add(previous.retain());
        }
        model = last;
        held.add(s.round, previous);
        if (last != previous && !sharesArrays(next, previous.weights())) {
            previous.release();
        }
        return commits.submit(() -> {
            try {
                long saving = System.nanoTime();
                store.saveRound(nextRound, last.weights(), improved, checkpoint);
                improved.ifPresent(b -> Federation.LOG.info("Saved the best model with score {} ({}, model of round"
                        + " {})", b.score(), b.metric().replace('/', ' '), b.round()));
                long savingNanos = System.nanoTime() - saving;
                Federation.LOG.info("Round {} committed: models and checkpoint saved in {} ms", s.round,
                        savingNanos / 1_000_000);
                listener.roundSaved(s.round, Duration.ofNanos(savingNanos));
            } finally {
                saved.forEach(SharedModel::release);
            }
        });
    }

    /** The aggregator's privacy metrics of the round (client level: epsilon, clip_norm) under the train task. */
    private void privacyMetrics(RoundState s, Instant now, List<String> lines) {
        Map<String, Double> dp = privacy.roundMetrics();
        if (dp.isEmpty()) {
            return;
        }
        String task = config.tasks().values().stream().filter(t -> t.isTrain()).map(t -> t.name()).findFirst()
                .orElse("train");
        Federation.LOG.info("{} privacy...", task);
        dp.forEach((metric, value) -> {
            Federation.LOG.info("    {}: {}", metric, String.format(Locale.ROOT, "%.4f", value));
            lines.add(MetricsLog.line(s.round, MetricsLog.AGGREGATOR, task, metric, value, now));
        });
        listener.privacySpent(s.round, task, dp);
    }

    /** Writes the table of a federated evaluation of candidate models, when a task reported one. */
    private void reportCandidates(RoundState s, Map<String, Map<String, Double>> means) {
        Path log = config.paths().metricsLog();
        if (log == null) {
            return;
        }
        for (Map.Entry<String, Map<String, Double>> task : means.entrySet()) {
            try {
                CandidateReport.write(log.toAbsolutePath().getParent(), s.round,
                        task.getKey(), s.siteMetrics.getOrDefault(task.getKey(), Map.of()),
                        s.siteSamples.getOrDefault(task.getKey(), Map.of()), task.getValue(),
                        config.bestModelMetric().metric(), config.bestModelMetric().higherIsBetter());
            } catch (IOException e) {
                Federation.LOG.warn("Round {}: could not write the candidate models' report: {}", s.round,
                        e.getMessage());
            }
        }
    }

    /** Calls {@code then} with null or the failure once {@code commit} completes, never on the saving thread. */
    void whenCommitted(CompletableFuture<Void> commit, Consumer<Throwable> then) {
        commits.whenCommitted(commit, then);
    }

    /** Waits until the round saved last is committed; rethrows its failure. */
    void awaitCommitted() throws IOException {
        commits.awaitPrevious();
    }

    /** True when no round is being saved. */
    boolean committed() {
        return commits.idle();
    }

    /**
     * Waits up to {@code wait} for the round being saved and stops saving, and deletes the staging files kept
     * for reuse; false if the round was still being saved.
     */
    boolean finishSaving(Duration wait) {
        boolean saved = commits.shutDown(wait);
        StagingFiles f = files;
        if (f != null) {
            f.close();
        }
        return saved;
    }

    private ModelWeights weights(float[][] arrays) {
        List<Tensor> tensors = new ArrayList<>(arrays.length);
        for (int i = 0; i < arrays.length; i++) {
            Tensor t = model.weights().tensors().get(i);
            tensors.add(new Tensor(t.name(), t.shape(), arrays[i]));
        }
        return new ModelWeights(tensors);
    }

    private Map<String, float[][]> arrays(Map<String, ModelWeights> slots) {
        Map<String, float[][]> out = new LinkedHashMap<>();
        slots.forEach((slot, w) -> {
            if (!w.sameLayout(model.weights())) {
                throw new IllegalArgumentException("strategy state '" + slot + "' does not fit the model's tensors");
            }
            out.put(slot, arrays(w));
        });
        return out;
    }

    /** True when a strategy handed back an array of the old model in the new one: the old is then never reused. */
    private static boolean sharesArrays(ModelWeights next, ModelWeights previous) {
        for (Tensor n : next.tensors()) {
            for (Tensor p : previous.tensors()) {
                if (n.values() == p.values()) {
                    return true;
                }
            }
        }
        return false;
    }

    static float[][] arrays(ModelWeights w) {
        float[][] out = new float[w.tensorCount()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = w.tensors().get(i).values();
        }
        return out;
    }

    static ModelLayout layout(ModelWeights w) {
        List<TensorSpec> specs = new ArrayList<>(w.tensorCount());
        for (Tensor t : w.tensors()) {
            specs.add(TensorSpec.of(t.name(), t.shape()));
        }
        return new ModelLayout(specs);
    }
}
