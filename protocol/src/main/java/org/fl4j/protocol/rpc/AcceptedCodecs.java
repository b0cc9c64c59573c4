package org.fl4j.protocol.rpc;

/**
 * Which tensor codecs the aggregator takes in a result's {@code TensorSpec.codec}: none (raw float32 only), or
 * additionally {@value #SECAGG_INT32}, the masked input of secure aggregation, when the plan enables
 * {@code aggregator.settings.secure_aggregation}. The one place that decides it, so that other codecs (a
 * compression pipeline) join here. Refusals name the tensor, the codec and what would accept it.
 */
public final class AcceptedCodecs {

    /** A masked input of secure aggregation: little-endian int32 words mod 2^32 (secure_aggregation.proto). */
    public static final String SECAGG_INT32 = "secagg-int32";

    /** Raw float32 only. */
    public static final AcceptedCodecs NONE = new AcceptedCodecs(false);

    private final boolean secureAggregation;

    private AcceptedCodecs(boolean secureAggregation) {
        this.secureAggregation = secureAggregation;
    }

    /** The codecs of a plan that does or does not enable secure aggregation. */
    public static AcceptedCodecs forPlan(boolean secureAggregation) {
        return secureAggregation ? new AcceptedCodecs(true) : NONE;
    }

    public boolean secureAggregation() {
        return secureAggregation;
    }

    /**
     * @param where the tensor, for the message
     * @throws FederationException (INVALID) for a codec this federation does not take
     */
    void check(String codec, String where) {
        if (codec.isEmpty() || (secureAggregation && codec.equals(SECAGG_INT32))) {
            return;
        }
        if (codec.equals(SECAGG_INT32)) {
            throw FederationException.invalid(where + ": codec '" + SECAGG_INT32 + "' (a secure-aggregation masked"
                    + " input) is accepted only when the plan enables aggregator.settings.secure_aggregation, and"
                    + " this federation's plan does not");
        }
        throw FederationException.invalid(where + ": unknown codec '" + codec + "'"
                + (secureAggregation ? " (this federation takes raw float32 and '" + SECAGG_INT32 + "')"
                        : " (this federation takes raw float32 only)"));
    }
}
