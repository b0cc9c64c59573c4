package org.fl4j.secagg.dp;

import java.security.SecureRandom;
import java.util.Optional;
import org.fl4j.plan.PrivacySettings;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.NoiseCalibration;
import org.fl4j.privacy.accounting.UnreachableEpsilonException;
import org.fl4j.privacy.distributed.DistributedGaussian;
import org.fl4j.privacy.noise.DiscreteGaussianSampler;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.quantize.Quantisation;
import org.fl4j.secagg.quantize.Quantiser;

/**
 * Client-level DP under secure aggregation (the plan's {@code privacy.settings.level: client} with
 * {@code aggregator.settings.secure_aggregation: true}): the noise multiplier z and the clip norm C, the same at
 * the aggregator and at every collaborator. Each round's {@link DistributedGaussian} follows from the round's
 * parameters: its participants, its minimum number of survivors (t + 1, t the threshold: an honest survivor
 * reveals shares only when t of its neighbours survive with it, so no sum with fewer inputs can be unmasked)
 * and the model's size.
 *
 * @param noiseMultiplier z: the plan's noise_multiplier, or its target_epsilon calibrated over the planned
 *     rounds with the RDP accountant at sampling rate 1, exactly as the aggregator calibrates it
 */
public record DistributedDp(double noiseMultiplier, double clipNorm) {

    /** Clipping aims this much below C, so that float rounding of the scaled update cannot pass C. */
    static final double CLIP_MARGIN = 0x1p-20;

    /**
     * The distributed DP of a plan, or empty when it does not combine client-level DP with secure aggregation.
     *
     * @throws IllegalArgumentException when a target epsilon cannot be reached in {@code rounds}
     */
    public static Optional<DistributedDp> of(PrivacySettings privacy, SecureAggregationSettings secure, int rounds) {
        if (privacy.level() != PrivacySettings.Level.CLIENT || !secure.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new DistributedDp(noiseMultiplier(privacy, rounds), privacy.clipNorm()));
    }

    /** z from the plan: the noise multiplier, or the target epsilon calibrated with RDP over {@code rounds}. */
    public static double noiseMultiplier(PrivacySettings privacy, int rounds) {
        if (privacy.noiseMultiplier().isPresent()) {
            return privacy.noiseMultiplier().getAsDouble();
        }
        double target = privacy.targetEpsilon().orElseThrow(() -> new IllegalArgumentException(
                "privacy.settings: client level needs noise_multiplier or target_epsilon"));
        try {
            return NoiseCalibration.noiseMultiplier(AccountantKind.RDP, target, privacy.targetDelta(), 1.0, rounds);
        } catch (UnreachableEpsilonException e) {
            throw new IllegalArgumentException("privacy.settings.target_epsilon " + target + " cannot be reached in"
                    + " aggregator.settings.rounds_to_train " + rounds + ": " + e.getMessage(), e);
        }
    }

    /**
     * The mechanism of a round of these parameters.
     *
     * @throws SecAggException (CONFIGURATION) when the round cannot carry the noise (see
     *     {@link DistributedGaussian#of})
     */
    public DistributedGaussian mechanism(RoundParameters params) {
        try {
            return DistributedGaussian.of(noiseMultiplier, clipNorm, params.participants().size(),
                    Math.min(params.threshold() + 1, params.participants().size()), params.dimension());
        } catch (IllegalArgumentException e) {
            throw new SecAggException(SecAggException.Kind.CONFIGURATION, "distributed DP (privacy.settings.level client with secure"
                    + " aggregation): " + e.getMessage());
        }
    }

    /** The round's parameters with the mechanism's quantisation: scale S over clip norm C, weight 1. */
    public static RoundParameters apply(RoundParameters params, DistributedGaussian g) {
        return params.withQuantisation(new Quantisation(g.clipNorm(), g.bits(), 1));
    }

    /**
     * A collaborator's encoded update: {@code delta} (its difference to the round's model, in model order;
     * scaled in place) clipped to L2 norm C, scaled by S / C, randomly rounded, its integer norm checked against
     * the sensitivity, and its share of discrete Gaussian noise added to every coordinate.
     *
     * @throws SecAggException (REFUSED) when {@code delta} holds a value that is not finite
     * @throws IllegalStateException when the rounded norm passes the sensitivity (it cannot; the check guards
     *     the guarantee against a defect)
     */
    public static int[] encode(float[][] delta, DistributedGaussian g, SecureRandom random) {
        double squared = 0;
        for (float[] t : delta) {
            for (int i = 0; i < t.length; i++) {
                if (!Float.isFinite(t[i])) {
                    throw new SecAggException(SecAggException.Kind.REFUSED, "the update holds " + t[i]
                            + ": it cannot be clipped");
                }
                squared += (double) t[i] * t[i];
            }
        }
        double norm = Math.sqrt(squared);
        double target = g.clipNorm() * (1 - CLIP_MARGIN);
        double factor = norm > target ? target / norm : 1;
        Quantisation q = new Quantisation(g.clipNorm(), g.bits(), 1);
        Quantiser quantiser = new Quantiser(q, random);
        int[] out = new int[Math.toIntExact(g.dimension())];
        int at = 0;
        for (float[] t : delta) {
            if (factor != 1) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) (t[i] * factor);
                }
            }
            quantiser.quantise(t, 0, t.length, 1, out, at);
            at += t.length;
        }
        long limit = g.maxSquaredNorm();
        long sum = 0;
        for (int v : out) {
            sum += (long) v * v;
            if (sum > limit) {
                throw new IllegalStateException("the rounded update's squared norm passes the sensitivity "
                        + g.sensitivity() + ": not sent");
            }
        }
        new DiscreteGaussianSampler(random).addNoise(out, 0, out.length, g.shareStddev());
        return out;
    }
}
