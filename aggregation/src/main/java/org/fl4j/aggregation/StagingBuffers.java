package org.fl4j.aggregation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The float32 buffers updates are staged in while they stream in (one model-sized buffer per update being
 * received), recycled from update to update and, when shared by an aggregator's successive rounds, from
 * round to round: a long federation allocates its staging memory once instead of once per update, which
 * spares the allocator the zeroing and the garbage collector the copying of model-sized arrays.
 *
 * <p>Holds at most {@code retain} idle buffers; a buffer given back beyond that is left to the garbage
 * collector. How many buffers are in use at once is the caller's to bound (the aggregator admits a
 * configured number of concurrent uploads). Thread-safe.
 */
public final class StagingBuffers {

    private final ModelLayout layout;
    private final int retain;
    private final Deque<float[][]> idle = new ArrayDeque<>();
    private long allocated;

    /**
     * @param layout the model's tensors, which every buffer has
     * @param retain how many idle buffers to keep for reuse, at least 0
     */
    public StagingBuffers(ModelLayout layout, int retain) {
        this.layout = Objects.requireNonNull(layout, "layout");
        if (retain < 0) {
            throw new IllegalArgumentException("retain must be >= 0, found " + retain);
        }
        this.retain = retain;
    }

    /** A buffer with the layout's tensors: an idle one (holding stale values) or a new one. */
    synchronized float[][] take() {
        float[][] b = idle.poll();
        if (b == null) {
            allocated++;
            return layout.newTensors();
        }
        return b;
    }

    /** An idle buffer (holding stale values), or null when none is idle: never allocates. */
    synchronized float[][] poll() {
        return idle.poll();
    }

    /** Gives a buffer back for reuse; {@code null} is ignored. */
    synchronized void give(float[][] buffer) {
        if (buffer != null && idle.size() < retain) {
            idle.push(buffer);
        }
    }

    /**
     * Takes arrays of the layout's shapes that their owner no longer uses (the aggregator's previous global
     * model, once it has been served and saved) as an idle buffer, so that they are reused instead of a new
     * buffer being allocated. Arrays of other shapes are ignored. The caller must not touch them afterwards.
     *
     * @return true when the arrays were kept for reuse
     */
    public boolean recycle(float[][] arrays) {
        if (arrays == null || arrays.length != layout.tensorCount()) {
            return false;
        }
        for (int t = 0; t < arrays.length; t++) {
            if (arrays[t] == null || arrays[t].length != layout.tensor(t).size()) {
                return false;
            }
        }
        synchronized (this) {
            for (float[][] idleBuffer : idle) {
                if (idleBuffer == arrays || arrays.length > 0 && idleBuffer[0] == arrays[0]) {
                    throw new IllegalStateException("these arrays are already idle");
                }
            }
            if (idle.size() >= retain) {
                return false;
            }
            idle.push(arrays);
            return true;
        }
    }

    /** The layout the buffers have. */
    public ModelLayout layout() {
        return layout;
    }

    /** How many buffers were allocated so far (reuse keeps this at the peak number in use). */
    public synchronized long allocatedCount() {
        return allocated;
    }

    /** How many idle buffers are kept now. */
    public synchronized int idleCount() {
        return idle.size();
    }
}
