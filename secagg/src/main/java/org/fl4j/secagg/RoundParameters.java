package org.fl4j.secagg;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.crypto.Digests;
import org.fl4j.secagg.crypto.Labels;
import org.fl4j.secagg.crypto.Transcript;
import org.fl4j.secagg.graph.GraphSizing;
import org.fl4j.secagg.graph.NeighbourGraph;
import org.fl4j.secagg.quantize.Quantisation;

/**
 * Everything a round of secure aggregation runs with, computed alike by the aggregator and by every collaborator
 * from the frozen plan's settings, the federation id, the round number, the round's participants (U0) and the
 * model's size: the neighbour graph, the threshold t, and the quantisation. Nothing in it comes from a message
 * but the participants, and those are bound into every key signature, so an aggregator that tells different
 * collaborators different participants is caught when they check each other's keys.
 *
 * @param dimension the number of update coordinates d; the masked vector has d + 1 elements (the weight last)
 */
public record RoundParameters(String federationId, long round, NeighbourGraph graph, int threshold,
        Quantisation quantisation, int dimension) {

    /** The plan's rule for collaborator names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public RoundParameters {
        Objects.requireNonNull(federationId, "federationId");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(quantisation, "quantisation");
        if (threshold < 1 || threshold > graph.degree()) {
            throw new IllegalArgumentException("threshold " + threshold + " must be in [1, " + graph.degree() + "]");
        }
        if (2 * threshold <= graph.degree()) {
            throw new IllegalArgumentException("threshold " + threshold + " must exceed half of the "
                    + graph.degree() + " neighbours");
        }
        if (dimension < 1 || dimension == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dimension must be in [1, 2^31 - 2], found " + dimension);
        }
    }

    /**
     * The parameters of a round.
     *
     * @throws SecAggException (CONFIGURATION) when there are fewer than two participants, a name is invalid or
     *                         repeated, or the settings overflow for this many participants
     */
    public static RoundParameters resolve(SecureAggregationSettings settings, String federationId, long round,
            Collection<String> participants, int dimension) {
        for (String p : participants) {
            if (p == null || !NAME.matcher(p).matches()) {
                throw SecAggException.configuration("participant name '" + p + "' is not a valid collaborator name");
            }
        }
        if (participants.stream().distinct().count() != participants.size()) {
            throw SecAggException.configuration("the participants " + participants + " name a collaborator twice");
        }
        int n = participants.size();
        if (n < 2) {
            throw SecAggException.configuration("secure aggregation needs at least 2 participants, found " + n);
        }
        int bits;
        try {
            bits = settings.bitsFor(n);
        } catch (IllegalArgumentException e) {
            throw SecAggException.configuration("aggregator.settings.secure_aggregation_settings." + e.getMessage());
        }
        int k = GraphSizing.neighbours(n, settings.neighbours(), settings.threshold());
        NeighbourGraph graph = NeighbourGraph.of(NeighbourGraph.roundSeed(federationId, round), participants, k);
        int t = GraphSizing.threshold(graph.degree(), settings.threshold());
        return new RoundParameters(federationId, round, graph, t,
                new Quantisation(settings.clipRange(), bits, settings.weightCap()), dimension);
    }

    /**
     * These parameters with another quantisation: distributed differential privacy replaces the plan's
     * per-coordinate clip range and bits by the scale its noise budget fixes, alike at every party.
     */
    public RoundParameters withQuantisation(Quantisation q) {
        return new RoundParameters(federationId, round, graph, threshold, q, dimension);
    }

    /** The participants (U0) in name order. */
    public List<String> participants() {
        return graph.participants();
    }

    /** A participant's neighbours in name order. */
    public List<String> neighbours(String name) {
        return graph.neighbours(name);
    }

    /** Elements of a masked vector: the d coordinates and the weight. */
    public int maskedLength() {
        return dimension + 1;
    }

    /** The Shamir point of a participant's shares: its index in name order, plus 1. */
    public int shareX(String name) {
        return graph.index(name) + 1;
    }

    /** SHA-256 of label, federation id, round and the sorted participants: bound into every key signature. */
    public byte[] participantsDigest() {
        return Digests.sha256(Transcript.of(Labels.PARTICIPANTS).text(federationId).number(round)
                .names(participants()).toBytes());
    }

    @Override
    public String toString() {
        return "round " + round + " of " + federationId + ": " + participants().size() + " participants, "
                + (graph.isComplete() ? "complete graph" : graph.degree() + " neighbours each") + ", threshold "
                + threshold + ", " + quantisation.bits() + " bits, clip range " + quantisation.clipRange()
                + ", weight cap " + quantisation.weightCap() + ", " + dimension + " coordinates";
    }
}
