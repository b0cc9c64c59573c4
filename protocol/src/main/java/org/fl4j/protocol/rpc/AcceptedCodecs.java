package org.fl4j.protocol.rpc;

/**
 * Whether a receiver takes {@value #SECAGG_INT32}, the masked input of secure aggregation, besides the codecs of
 * codec.proto that every receiver decodes: only the aggregator of a plan that enables
 * {@code aggregator.settings.secure_aggregation}, and only in a result. Refusals name the tensor, the codec and
 * what would accept it.
 */
public final class AcceptedCodecs {

    /** A masked input of secure aggregation: little-endian int32 words mod 2^32 (secure_aggregation.proto). */
    public static final String SECAGG_INT32 = "secagg-int32";

    /** The codecs of codec.proto, no masked input. */
    public static final AcceptedCodecs PLAIN = new AcceptedCodecs(false);

    private final boolean secureAggregation;

    private AcceptedCodecs(boolean secureAggregation) {
        this.secureAggregation = secureAggregation;
    }

    /** The codecs of a plan that does or does not enable secure aggregation. */
    public static AcceptedCodecs forPlan(boolean secureAggregation) {
        return secureAggregation ? new AcceptedCodecs(true) : PLAIN;
    }

    public boolean secureAggregation() {
        return secureAggregation;
    }

    /**
     * True when {@code codec} is a masked input this receiver takes; false for any other codec (which
     * codec.proto's registry then reads or refuses).
     *
     * @param where the tensor, for the message
     * @throws FederationException (INVALID) for a masked input this receiver does not take
     */
    boolean takesMaskedInput(String codec, String where) {
        if (!codec.equals(SECAGG_INT32)) {
            return false;
        }
        if (!secureAggregation) {
            throw FederationException.invalid(where + ": codec '" + SECAGG_INT32 + "' (a secure-aggregation masked"
                    + " input) is accepted only in a result for a plan that enables"
                    + " aggregator.settings.secure_aggregation, and this one does not");
        }
        return true;
    }
}
