package org.fl4j.aggregator.round;

import java.util.ArrayDeque;
import java.util.Deque;
import org.fl4j.protocol.rpc.ModelLease;

/**
 * The global models of the last {@code keep} rounds before the current one, kept so that a site holding one of
 * them can be sent the current model as differences to it (download deltas,
 * {@code compression_pipeline.settings.download_delta_rounds}). Each kept model is one more user of its
 * {@link SharedModel}, so its arrays are not reused for staging while it is kept; the oldest is let go when a
 * newer one comes. Nothing is kept across a restart: a site then gets the whole model once. Thread-safe.
 */
final class HeldModels {

    private record Held(long round, SharedModel model) {
    }

    private final int keep;
    private final Deque<Held> models = new ArrayDeque<>();

    HeldModels(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be >= 0, found " + keep);
        }
        this.keep = keep;
    }

    /** Keeps {@code model}, the global model of {@code round}, letting go of the oldest beyond {@code keep}. */
    void add(long round, SharedModel model) {
        if (keep == 0) {
            return;
        }
        Held dropped = null;
        synchronized (this) {
            models.addLast(new Held(round, model.retain()));
            if (models.size() > keep) {
                dropped = models.removeFirst();
            }
        }
        if (dropped != null) {
            dropped.model().release();
        }
    }

    /** The model of {@code round} lent to a stream, or null when it is not kept. */
    synchronized ModelLease lease(long round) {
        for (Held h : models) {
            if (h.round() == round) {
                return h.model().lease();
            }
        }
        return null;
    }

    /** The rounds kept, oldest first (for logs and tests). */
    synchronized long[] rounds() {
        return models.stream().mapToLong(Held::round).toArray();
    }
}
