package org.fl4j.secagg.quantize;

/** Turns the unmasked sum [sum w q_1 ... sum w q_d, sum w] back into the weighted average update. */
public final class Dequantiser {

    private Dequantiser() {
    }

    /**
     * The average of the first {@code dimension} coordinates: (sum w q_i / sum w) c / q_max.
     *
     * @throws IllegalArgumentException when the weight sum (element {@code dimension}) is not positive: the
     *                                  masks were not all removed, or nothing was summed
     */
    public static float[] average(int[] sum, int dimension, Quantisation q) {
        int weights = sum[dimension];
        if (weights <= 0) {
            throw new IllegalArgumentException("the unmasked weight sum is " + weights + ", not a positive number:"
                    + " the sum is still masked");
        }
        double factor = q.clipRange() / q.qmax() / weights;
        float[] out = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = (float) (sum[i] * factor);
        }
        return out;
    }
}
