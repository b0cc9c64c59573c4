package org.fl4j.dl4j.dpsgd;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DP-SGD's per-example clipping: the sum over a batch of each example's loss gradient scaled down to L2 norm
 * at most C (an example whose gradient is already that short is left as it is). The norm is taken over all
 * the network's parameters at once (flat clipping).
 */
interface Clipping {

    /**
     * Adds to {@code sum} (laid out like the network's flat gradient vector) the clipped gradients of the
     * batch's examples.
     *
     * @param features the batch's inputs, one example per row (at least one)
     * @param labels the batch's one-hot labels
     */
    BatchStats addClipped(INDArray features, INDArray labels, double clipNorm, INDArray sum);

    /**
     * Room left below the clip norm for float rounding: norms are computed in float32 over up to millions of
     * terms (and, on the layer-wise path, from factors of the gradient rather than the gradient itself), so
     * they can be off by about 1e-6 relative. Scaling to {@code C * (1 - MARGIN)} keeps every clipped
     * gradient's true norm at most C.
     */
    double MARGIN = 1e-5;

    /** The scale that clips a gradient of L2 norm {@code norm} to at most {@code clipNorm}. */
    static double factor(double norm, double clipNorm) {
        double target = clipNorm * (1 - MARGIN);
        return norm > target ? target / norm : 1.0;
    }

    /**
     * What clipping saw in a batch: how many examples, how many of them were scaled down, and the sum of
     * their losses (for the local progress display only: it is not differentially private).
     */
    record BatchStats(int examples, int clipped, double lossSum) {
        static final BatchStats EMPTY = new BatchStats(0, 0, 0);

        BatchStats plus(BatchStats other) {
            return new BatchStats(examples + other.examples, clipped + other.clipped, lossSum + other.lossSum);
        }
    }
}
