package org.fl4j.aggregator.privacy;

import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.Update;
import org.fl4j.aggregation.kernel.FoldKernels;
import org.fl4j.aggregation.kernel.Kernels;
import org.fl4j.privacy.noise.SecureGaussian;

/**
 * One round of DP-FedAvg's arithmetic. Each update {@code x} arrives whole in its staging buffer; {@link #add}
 * reads it twice and copies nothing: a first pass for the norm of {@code x - g} (g the round's global model),
 * a second that folds the clipped difference {@code s (x - g)}, {@code s = min(1, C' / ||x - g||)}, into a
 * double accumulator. Every update counts with weight 1, whatever its sample count (which a collaborator
 * reports itself and could inflate), so one collaborator moves the sum by at most C' in L2.
 *
 * <p>{@link #finish} divides the sum by the fixed {@link RoundPlan#denominator()} (the expected number of
 * participants, not the number that came, which would itself depend on who took part), adds
 * {@link SecureGaussian} noise of standard deviation {@code z C / m} (the same as noise {@code z C} on the
 * sum, then the division), and hands {@code g + noisy average} to the plan's strategy as its only update:
 * WeightedAverage then returns it, a server optimizer steps on the noisy average difference.
 *
 * <p>Why C' and not C: the float rounding of the average (at most 2^-24 of each value, so 2^-24 of the
 * average's norm, itself at most N C' / m with N collaborators) and the noise's snapping to its grid (at most
 * {@code sqrt(d) g} for d values) could each move two neighbouring averages further apart than C/m; C' is C
 * lowered by both (see {@link RoundPlan#effectiveClip}), so the sensitivity the accountant assumes holds
 * exactly. The double accumulation's own rounding (2^-53 a term) is covered by the same margin.
 */
final class ClippedSum implements Combiner {

    private final ModelLayout layout;
    private final float[][] global;
    private final RoundPlan plan;
    private final Combiner next;
    private final SecureGaussian noise;
    private final double[][] sum;
    private final float[][] average;
    private final FoldKernels kernels = Kernels.get();
    private final RoundPlan.Release release;
    private int count;
    private int unclipped;

    /**
     * @param sum     a zeroed double accumulator shaped like the model (reused from round to round)
     * @param average a float buffer shaped like the model (reused) for the noisy update handed on
     * @param release told what was released once {@link #finish} has noised the average
     */
    ClippedSum(ModelLayout layout, float[][] global, RoundPlan plan, Combiner next, SecureGaussian noise,
            double[][] sum, float[][] average, RoundPlan.Release release) {
        this.layout = layout;
        this.global = global;
        this.plan = plan;
        this.next = next;
        this.noise = noise;
        this.sum = sum;
        this.average = average;
        this.release = release;
    }

    @Override
    public void add(Update update) {
        float[][] x = update.tensors();
        double squared = 0;
        for (int t = 0; t < x.length; t++) {
            squared += kernels.squaredDistance(x[t], global[t], 0, x[t].length);
        }
        double norm = Math.sqrt(squared);
        if (norm <= plan.clipNorm()) {
            unclipped++;
        }
        double scale = norm > plan.effectiveClip() ? plan.effectiveClip() / norm : 1;
        for (int t = 0; t < x.length; t++) {
            fold(sum[t], x[t], global[t], scale);
        }
        count++;
    }

    /** {@code acc[i] += scale * (x[i] - g[i])}, the difference exact in double. */
    static void fold(double[] acc, float[] x, float[] g, double scale) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += scale * ((double) x[i] - g[i]);
        }
    }

    @Override
    public float[][] finish() {
        return finish(null);
    }

    @Override
    public float[][] finish(float[][] into) {
        double m = plan.denominator();
        double stddev = plan.averageStddev();
        for (int t = 0; t < sum.length; t++) {
            double[] acc = sum[t];
            float[] avg = average[t];
            for (int i = 0; i < avg.length; i++) {
                avg[i] = (float) (acc[i] / m);
            }
            noise.addNoise(avg, 0, avg.length, stddev);
            float[] g = global[t];
            for (int i = 0; i < avg.length; i++) {
                avg[i] = (float) ((double) g[i] + avg[i]);
            }
        }
        double noisyUnclipped = Double.NaN;
        if (plan.countStddev() > 0) {
            // Each collaborator adds b - 1/2 (b = 1 when unclipped): sensitivity 1/2 under add-or-remove.
            float[] s = {(float) (unclipped - 0.5 * count)};
            noise.addNoise(s, 0, 1, plan.countStddev());
            noisyUnclipped = s[0] / m + 0.5;
        }
        release.released(count, noisyUnclipped);
        next.add(new Update(DpFedAvg.CONTRIBUTOR, 1, average));
        return into != null ? next.finish(into) : next.finish();
    }
}
