package org.fl4j.plan;

import java.util.OptionalInt;

/**
 * {@code aggregator.settings.secure_aggregation} and its {@code secure_aggregation_settings}: whether the
 * sites mask their updates so that the aggregator learns only their sum (SecAgg+, see docs/security.md), and
 * the protocol's parameters. Every site holds them in the frozen plan, so none of them is negotiable at run
 * time.
 *
 * @param enabled whether the rounds run secure aggregation
 * @param threshold fraction of a participant's neighbours whose shares reconstruct its secrets: t = ceil(threshold
 *     x neighbours); above 1/2, so that an aggregator cannot collect both secrets of one site
 * @param neighbours neighbours per participant (an even number), or empty for {@code auto} (the complete graph
 *     up to 100 participants, a sparse graph sized by the SecAgg+ analysis above)
 * @param clipRange every coordinate of an update is clipped to [-clipRange, clipRange] before quantisation
 * @param bits quantisation bits b (2 to 24, the integer range is +-(2^(b-1) - 1)), or empty for {@code auto}:
 *     the largest b whose sum cannot overflow 32 bits (see {@link #bitsFor(int)})
 * @param weightCap largest weight (sample count) a site's update counts with
 * @param setupTimeoutSeconds how long the aggregator waits for the keys and for the shares of a round
 */
public record SecureAggregationSettings(
        boolean enabled,
        double threshold,
        OptionalInt neighbours,
        double clipRange,
        OptionalInt bits,
        int weightCap,
        int setupTimeoutSeconds) {

    public static final double DEFAULT_THRESHOLD = 0.66;
    public static final double DEFAULT_CLIP_RANGE = 1.0;
    public static final int DEFAULT_WEIGHT_CAP = 10_000;
    public static final int DEFAULT_SETUP_TIMEOUT_SECONDS = 60;
    public static final int MIN_BITS = 2;
    public static final int MAX_BITS = 24;
    /** The masked sum is an int32: its magnitude must stay at most this. */
    public static final long SUM_LIMIT = Integer.MAX_VALUE;

    public SecureAggregationSettings {
        if (!(threshold > 0.5 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be in (0.5, 1], found " + threshold);
        }
        if (neighbours.isPresent() && (neighbours.getAsInt() < 2 || neighbours.getAsInt() % 2 != 0)) {
            throw new IllegalArgumentException("neighbours must be an even number >= 2, found "
                    + neighbours.getAsInt());
        }
        if (!(clipRange > 0) || Double.isInfinite(clipRange)) {
            throw new IllegalArgumentException("clipRange must be > 0 and finite, found " + clipRange);
        }
        if (bits.isPresent() && (bits.getAsInt() < MIN_BITS || bits.getAsInt() > MAX_BITS)) {
            throw new IllegalArgumentException("bits must be in [2, 24], found " + bits.getAsInt());
        }
        if (weightCap < 1) {
            throw new IllegalArgumentException("weightCap must be >= 1, found " + weightCap);
        }
        if (setupTimeoutSeconds < 1) {
            throw new IllegalArgumentException("setupTimeoutSeconds must be >= 1, found " + setupTimeoutSeconds);
        }
    }

    /** Secure aggregation off, every parameter at its default. */
    public static SecureAggregationSettings disabled() {
        return new SecureAggregationSettings(false, DEFAULT_THRESHOLD, OptionalInt.empty(), DEFAULT_CLIP_RANGE,
                OptionalInt.empty(), DEFAULT_WEIGHT_CAP, DEFAULT_SETUP_TIMEOUT_SECONDS);
    }

    /** The largest quantisation range q_max = 2^(b-1) - 1 of {@code bits}. */
    public static long qmax(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    /**
     * The overflow budget: the largest b in [2, 24] with {@code participants x weightCap x (2^(b-1) - 1) <=
     * 2^31 - 1}, so that the sum of every participant's weighted, quantised values fits a signed 32-bit integer;
     * 0 when not even b = 2 fits.
     */
    public static int maxBits(int participants, int weightCap) {
        for (int b = MAX_BITS; b >= MIN_BITS; b--) {
            if (fits(participants, weightCap, b)) {
                return b;
            }
        }
        return 0;
    }

    /** Whether {@code bits} keeps a round of {@code participants} within the overflow budget. */
    public static boolean fits(int participants, int weightCap, int bits) {
        return participants >= 0 && (double) participants * weightCap * qmax(bits) <= SUM_LIMIT;
    }

    /**
     * The bits a round of {@code participants} uses: {@code bits} when given (refused when it overflows), else
     * the largest that fits.
     *
     * @throws IllegalArgumentException naming the setting when no b fits, or the explicit one does not
     */
    public int bitsFor(int participants) {
        int most = maxBits(participants, weightCap);
        if (bits.isPresent()) {
            int b = bits.getAsInt();
            if (!fits(participants, weightCap, b)) {
                throw new IllegalArgumentException("bits: " + b + " overflows the 32-bit sum of " + participants
                        + " participants with weight_cap " + weightCap + " (" + participants + " x " + weightCap
                        + " x " + qmax(b) + " > 2^31 - 1): use " + (most == 0 ? "a smaller weight_cap" : "at most "
                        + most + ", or auto"));
            }
            return b;
        }
        if (most == 0) {
            throw new IllegalArgumentException("weight_cap " + weightCap + " leaves no room in the 32-bit sum of "
                    + participants + " participants (" + participants + " x " + weightCap + " > 2^31 - 1):"
                    + " lower weight_cap");
        }
        return most;
    }
}
