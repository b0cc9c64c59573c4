package org.fl4j.aggregation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One round of aggregation: collaborators' updates stream in through {@link UpdateSink}s, and
 * {@link #finish()} yields the next global model. Thread-safe: many sinks may be open at once.
 *
 * <p><b>All or nothing.</b> An open update is staged in a buffer of its own (one float32 copy of the model,
 * recycled from update to update through {@link StagingBuffers}), validated chunk by chunk as it arrives, and handed to the strategy only
 * at {@link UpdateSink#commit()}. A refused or aborted update therefore leaves the round exactly as if it had
 * never come, bit for bit, which folding chunks straight into the shared accumulator could not promise
 * without keeping the same copy for undo. Memory: the strategy's state (FedAvg: a double accumulator plus
 * the float result, 3x the model's bytes) plus one staging buffer per update open at the same time; the
 * caller bounds the latter by bounding concurrent uploads. A round begun with {@link StagingFiles} stages
 * updates in files instead (reused from round to round) and combines them tile by tile when it finishes
 * ({@link TiledFold}): the heap then holds the new model and a tile of work.
 */
public final class RoundAggregation {

    private final AggregationStrategy strategy;
    private final ModelLayout layout;
    private final Combiner combiner;
    private final Set<String> open = new HashSet<>();
    private final Set<String> accepted = new TreeSet<>();
    private final List<Update> buffered = new ArrayList<>();
    private final List<FileSink.Staged> staged = new ArrayList<>();
    private final StagingBuffers buffers;
    private final StagingFiles files;
    private final float[][] globalModel;
    private long totalSamples;
    private volatile boolean closed;

    RoundAggregation(AggregationStrategy strategy, ModelLayout layout, float[][] globalModel,
            StagingBuffers buffers) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.buffers = Objects.requireNonNull(buffers, "buffers");
        this.files = null;
        if (!buffers.layout().equals(layout)) {
            throw new IllegalArgumentException("staging buffers of another layout");
        }
        layout.check(globalModel, "global model");
        this.globalModel = globalModel;
        this.combiner = Objects.requireNonNull(strategy.combiner(layout, globalModel), "combiner");
    }

    /** A round whose updates are staged in files and combined tile by tile at {@link #finish()}. */
    RoundAggregation(AggregationStrategy strategy, ModelLayout layout, float[][] globalModel, StagingFiles files) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.files = Objects.requireNonNull(files, "files");
        this.buffers = null;
        if (!files.layout().equals(layout)) {
            throw new IllegalArgumentException("staging files of another layout");
        }
        if (!strategy.coordinateWise()) {
            throw new StrategySettingsException("update_staging", "disk", strategy.name() + " is not coordinate-wise"
                    + " (it needs whole updates, or state across coordinates): stage updates in memory, or use"
                    + " WeightedAverage, Median or TrimmedMean without clip_norm");
        }
        layout.check(globalModel, "global model");
        this.globalModel = globalModel;
        this.combiner = null;
    }

    /**
     * Starts receiving {@code contributor}'s update.
     *
     * @param sampleCount the update's weight, at least 1
     * @throws UpdateRejectedException if the contributor already has an update open or accepted this round,
     *                                 the sample count is not positive, or the round has finished
     */
    public synchronized UpdateSink open(String contributor, long sampleCount) {
        Objects.requireNonNull(contributor, "contributor");
        if (closed) {
            throw new UpdateRejectedException(contributor, null, -1, "the round has already finished");
        }
        if (sampleCount <= 0) {
            throw new UpdateRejectedException(contributor, null, -1,
                    "sample count must be at least 1, found " + sampleCount);
        }
        if (accepted.contains(contributor)) {
            throw new UpdateRejectedException(contributor, null, -1, "an update was already accepted this round");
        }
        if (!open.add(contributor)) {
            throw new UpdateRejectedException(contributor, null, -1, "an update is already being received");
        }
        try {
            return files != null
                    ? new FileSink(this, files, contributor, sampleCount, !strategy.acceptsNonFinite())
                    : new StagingSink(this, layout, contributor, sampleCount, buffers.take(),
                            !strategy.acceptsNonFinite());
        } catch (UpdateRejectedException e) {
            open.remove(contributor);
            throw e;
        }
    }

    /** Number of updates accepted (committed) so far. */
    public synchronized int acceptedCount() {
        return accepted.size();
    }

    /** Names of the contributors whose updates were accepted, sorted. */
    public synchronized List<String> acceptedContributors() {
        return List.copyOf(accepted);
    }

    /** Sum of the accepted updates' sample counts. */
    public synchronized long totalSamples() {
        return totalSamples;
    }

    /** The layout this round aggregates. */
    public ModelLayout layout() {
        return layout;
    }

    /**
     * Closes the round and returns the new global model: arrays that belong to the caller from now on (a
     * recycled staging buffer when the strategy writes into one, which the engine then never hands out
     * again). Updates still open are refused at their next call. Call once.
     *
     * @throws NoUpdatesException         when no update was accepted: keep the previous model
     * @throws StrategySettingsException  when a setting does not fit this round's updates
     */
    public synchronized float[][] finish() {
        if (closed) {
            throw new IllegalStateException("round already finished");
        }
        closed = true;
        if (files != null) {
            return finishStaged();
        }
        if (accepted.isEmpty()) {
            throw new NoUpdatesException(strategy.name());
        }
        buffered.sort(Comparator.comparing(Update::contributor));
        float[][] result = null;
        float[][] into = buffers.poll();
        try {
            for (Update u : buffered) {
                combiner.add(u);
            }
            result = into != null ? combiner.finish(into) : combiner.finish();
            return result;
        } finally {
            if (into != null && result != into) {
                buffers.give(into);
            }
            for (Update u : buffered) {
                if (result == null || !shares(result, u.tensors())) {
                    buffers.give(u.tensors());
                }
            }
            buffered.clear();
        }
    }

    /**
     * Combines the staged files; they are kept for the next round's updates, or deleted when the fold fails
     * (a file cut short, a setting that does not fit).
     */
    private float[][] finishStaged() {
        boolean folded = false;
        try {
            if (accepted.isEmpty()) {
                throw new NoUpdatesException(strategy.name());
            }
            float[][] result = TiledFold.run(strategy, files, globalModel, staged);
            folded = true;
            return result;
        } finally {
            for (FileSink.Staged s : staged) {
                if (folded) {
                    files.giveBack(s.file());
                } else {
                    StagingFiles.delete(s.file());
                }
            }
            staged.clear();
        }
    }

    /** True when a combiner handed back one of an update's own arrays, which must then not be reused. */
    private static boolean shares(float[][] result, float[][] staged) {
        for (float[] r : result) {
            for (float[] s : staged) {
                if (r == s) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Called by a file sink whose update is complete and valid. */
    synchronized void commitStaged(FileSink.Staged update) {
        open.remove(update.contributor());
        if (closed) {
            StagingFiles.delete(update.file());
            throw new UpdateRejectedException(update.contributor(), null, -1,
                    "the round finished before the update was complete");
        }
        long total = totalSamples + update.sampleCount();
        if (total < totalSamples) {
            StagingFiles.delete(update.file());
            throw new UpdateRejectedException(update.contributor(), null, -1, "sample count "
                    + update.sampleCount() + " overflows the round's total of " + totalSamples);
        }
        staged.add(update);
        accepted.add(update.contributor());
        totalSamples = total;
    }

    /** Called by a sink whose update is complete and valid. */
    synchronized void commit(Update update) {
        open.remove(update.contributor());
        if (closed) {
            throw new UpdateRejectedException(update.contributor(), null, -1,
                    "the round finished before the update was complete");
        }
        long total = totalSamples + update.sampleCount();
        if (total < totalSamples) {
            buffers.give(update.tensors());
            throw new UpdateRejectedException(update.contributor(), null, -1, "sample count "
                    + update.sampleCount() + " overflows the round's total of " + totalSamples);
        }
        if (strategy.streaming()) {
            try {
                combiner.add(update);
            } finally {
                buffers.give(update.tensors());
            }
        } else {
            buffered.add(update);
        }
        accepted.add(update.contributor());
        totalSamples = total;
    }

    /** Called by a sink whose update was refused or aborted: frees the name and recycles the buffer. */
    synchronized void release(String contributor, float[][] buffer) {
        open.remove(contributor);
        if (buffers != null) {
            buffers.give(buffer);
        }
    }

    boolean closed() {
        return closed;
    }
}
