package org.fl4j.protocol.codec;

import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * Error feedback at a sender: what a lossy stage dropped from an update (the update minus what the receiver
 * decodes) is added to the next update before it is encoded, so nothing is lost for good, only delayed. The
 * residual of the last acknowledged transfer is {@link #committed}; a transfer writes the new residual into
 * {@link #pending} as it encodes, and {@link #commit()} makes it the committed one once the receiver has
 * acknowledged the transfer, so a resend encodes the same bytes again. Not thread-safe: one transfer at a time.
 */
public final class ErrorFeedback {

    private List<Tensor> committed;
    private List<float[]> pending;

    private ErrorFeedback(List<Tensor> committed) {
        this.committed = committed;
    }

    /** No residual yet: zeros of {@code layout}'s shapes. */
    public static ErrorFeedback zeros(ModelWeights layout) {
        List<Tensor> zeros = new ArrayList<>();
        for (Tensor t : layout.tensors()) {
            zeros.add(new Tensor(t.name(), t.shape(), new float[t.size()]));
        }
        return new ErrorFeedback(zeros);
    }

    /** The residual saved by an earlier {@link #residual()}. */
    public static ErrorFeedback restore(ModelWeights saved) {
        return new ErrorFeedback(List.copyOf(saved.tensors()));
    }

    /** True when the residual has the layout (names and shapes, in order) of {@code model}. */
    public boolean fits(ModelWeights model) {
        return new ModelWeights(committed).sameLayout(model);
    }

    /** The committed residual of tensor {@code i}. */
    public float[] committed(int i) {
        return committed.get(i).values();
    }

    /** Starts a transfer: pending residuals of the committed ones' sizes (reused between transfers). */
    public void begin() {
        if (pending == null) {
            pending = new ArrayList<>();
            for (Tensor t : committed) {
                pending.add(new float[t.size()]);
            }
        }
    }

    public float[] pending(int i) {
        return pending.get(i);
    }

    /** The receiver acknowledged the transfer: its residual becomes the committed one. */
    public void commit() {
        if (pending == null) {
            return;
        }
        List<Tensor> next = new ArrayList<>();
        List<float[]> old = new ArrayList<>();
        for (int i = 0; i < committed.size(); i++) {
            Tensor t = committed.get(i);
            next.add(new Tensor(t.name(), t.shape(), pending.get(i)));
            old.add(t.values());
        }
        committed = next;
        pending = old;
    }

    /** The committed residual, for the site to save (its arrays: do not change them). */
    public ModelWeights residual() {
        return new ModelWeights(committed);
    }
}
