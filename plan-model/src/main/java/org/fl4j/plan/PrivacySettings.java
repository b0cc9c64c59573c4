package org.fl4j.plan;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The {@code privacy} section: differential privacy for the federation, off by default. At
 * {@link Level#RECORD} each site protects every one of its records (DP-SGD in its runner); at
 * {@link Level#CLIENT} the aggregator protects each collaborator's whole contribution (DP-FedAvg). The
 * noise is either fixed ({@code noiseMultiplier}) or calibrated to {@code targetEpsilon} over the planned
 * training; {@code maxEpsilon}, when set, is the budget that ends the federation before a round would
 * exceed it. The plan reader guarantees: with DP on, exactly one of noiseMultiplier and targetEpsilon;
 * positive clip norm, noise and epsilons; 0 < targetDelta < 1; maxEpsilon >= targetEpsilon; adaptive
 * clipping only at client level.
 *
 * @param level none (DP off), record or client
 * @param noiseMultiplier the noise's standard deviation over the clip norm
 * @param targetEpsilon the epsilon (at targetDelta) the noise is calibrated to reach at the end of training
 * @param clipNorm the L2 norm each per-example gradient (record) or update difference (client) is clipped to
 *     (the initial value under adaptive clipping)
 * @param targetDelta the delta of every (epsilon, delta) reported
 * @param maxEpsilon the privacy budget: no round runs that would take epsilon above it
 * @param accountant which accountant computes epsilon
 * @param adaptiveClipping quantile-based clip norm adaptation (Andrew et al. 2021), client level only
 */
public record PrivacySettings(
        Level level,
        OptionalDouble noiseMultiplier,
        OptionalDouble targetEpsilon,
        double clipNorm,
        double targetDelta,
        OptionalDouble maxEpsilon,
        Accountant accountant,
        Optional<AdaptiveClipping> adaptiveClipping) {

    public static final String TEMPLATE = "fl4j.Privacy";
    public static final double DEFAULT_CLIP_NORM = 1.0;
    public static final double DEFAULT_DELTA = 1e-5;

    /** Who is protected. */
    public enum Level {
        NONE, RECORD, CLIENT;

        public String planName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The accountant named in the plan; the privacy module's AccountantKind of the same name. */
    public enum Accountant {
        PLD, RDP;

        public String planName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Adaptive clipping: after each round the clip norm C moves towards the {@code targetUnclippedQuantile}
     * of the update norms, C = C exp(-learningRate (b - targetUnclippedQuantile)) with b the noised fraction
     * of updates that were not clipped, whose count gets Gaussian noise of {@code clippedCountStddev}.
     *
     * @param clippedCountStddev empty: the runtime's default, expected collaborators per round / 20 (Andrew et
     *     al. 2021)
     */
    public record AdaptiveClipping(double targetUnclippedQuantile, double learningRate,
            OptionalDouble clippedCountStddev) {

        public static final double DEFAULT_QUANTILE = 0.5;
        public static final double DEFAULT_LEARNING_RATE = 0.2;

        public AdaptiveClipping {
            Objects.requireNonNull(clippedCountStddev, "clippedCountStddev");
        }
    }

    public PrivacySettings {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(noiseMultiplier, "noiseMultiplier");
        Objects.requireNonNull(targetEpsilon, "targetEpsilon");
        Objects.requireNonNull(maxEpsilon, "maxEpsilon");
        Objects.requireNonNull(accountant, "accountant");
        Objects.requireNonNull(adaptiveClipping, "adaptiveClipping");
    }

    /** DP off, every other setting at its default. */
    public static PrivacySettings none() {
        return new PrivacySettings(Level.NONE, OptionalDouble.empty(), OptionalDouble.empty(), DEFAULT_CLIP_NORM,
                DEFAULT_DELTA, OptionalDouble.empty(), Accountant.PLD, Optional.empty());
    }

    /** Whether DP is on. */
    public boolean enabled() {
        return level != Level.NONE;
    }

    /**
     * Checks targetDelta against the number of protected units (records at a site for record level, as the
     * runner knows them; collaborators for client level): see {@link DeltaCheck}.
     */
    public DeltaCheck checkDelta(long protectedUnits) {
        return DeltaCheck.of(targetDelta, protectedUnits, level == Level.CLIENT ? "collaborators" : "records");
    }
}
