package org.fl4j.secagg.graph;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fl4j.secagg.crypto.Digests;
import org.fl4j.secagg.crypto.Labels;
import org.fl4j.secagg.crypto.Transcript;

/**
 * Who shares secrets with whom in one round: the Harary graph H(k, n) under a pseudorandom permutation (Bell et
 * al., CCS 2020), or the complete graph when k >= n - 1 (Bonawitz et al., CCS 2017). The participants are placed
 * on a circle in the order of a keyed hash of their names (HMAC-SHA256 under the public round seed, ties by
 * name), and each is the neighbour of the k/2 before and the k/2 after it. Every party computes the same graph
 * from the same seed and participants; nobody chooses it.
 *
 * <p>Participants also have an <em>index</em>: their position in name order, from 0. Index + 1 is the point at
 * which a participant's Shamir shares are evaluated.
 */
public final class NeighbourGraph {

    private final List<String> participants;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> position = new HashMap<>();
    private final String[] circle;
    private final int degree;

    private NeighbourGraph(List<String> sorted, byte[] seed, int k) {
        this.participants = sorted;
        int n = sorted.size();
        this.degree = Math.min(k, n - 1);
        for (int i = 0; i < n; i++) {
            index.put(sorted.get(i), i);
        }
        record Placed(String name, long key) {
        }
        List<Placed> placed = new ArrayList<>(n);
        for (String name : sorted) {
            placed.add(new Placed(name, ByteBuffer.wrap(PlacementKey.of(seed, name)).getLong()));
        }
        placed.sort(Comparator.comparing((Placed p) -> p.key, Long::compareUnsigned).thenComparing(Placed::name));
        this.circle = new String[n];
        for (int p = 0; p < n; p++) {
            circle[p] = placed.get(p).name;
            position.put(circle[p], p);
        }
    }

    /**
     * The graph of {@code participants} (distinct names, at least 2) with {@code k} neighbours each: k even, or
     * any k >= n - 1 for the complete graph.
     */
    public static NeighbourGraph of(byte[] seed, Collection<String> participants, int k) {
        Objects.requireNonNull(seed, "seed");
        List<String> sorted = participants.stream().sorted().distinct().toList();
        if (sorted.size() != participants.size()) {
            throw new IllegalArgumentException("the participants must be distinct");
        }
        if (sorted.size() < 2) {
            throw new IllegalArgumentException("a round needs at least 2 participants, found " + sorted.size());
        }
        if (k < sorted.size() - 1 && (k < 2 || k % 2 != 0)) {
            throw new IllegalArgumentException("a sparse graph needs an even number of neighbours >= 2, found " + k);
        }
        return new NeighbourGraph(sorted, seed, k);
    }

    /** The public seed of a round's graph: SHA-256 of the label, the federation id and the round. */
    public static byte[] roundSeed(String federationId, long round) {
        return Digests.sha256(Transcript.of(Labels.GRAPH).text(federationId).number(round).toBytes());
    }

    /** The participants in name order. */
    public List<String> participants() {
        return participants;
    }

    public int size() {
        return participants.size();
    }

    /** Neighbours per participant: k, or n - 1 for the complete graph. */
    public int degree() {
        return degree;
    }

    public boolean isComplete() {
        return degree == participants.size() - 1;
    }

    public boolean contains(String name) {
        return index.containsKey(name);
    }

    /** The participant's position in name order (its Shamir point is this + 1). */
    public int index(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("'" + name + "' is not a participant of this round");
        }
        return i;
    }

    /** The participant's neighbours, in name order. */
    public List<String> neighbours(String name) {
        int p = position(name);
        int n = circle.length;
        String[] out;
        if (isComplete()) {
            out = new String[n - 1];
            for (int i = 0, j = 0; i < n; i++) {
                if (i != p) {
                    out[j++] = circle[i];
                }
            }
        } else {
            int half = degree / 2;
            out = new String[degree];
            for (int d = 1, j = 0; d <= half; d++) {
                out[j++] = circle[(p + d) % n];
                out[j++] = circle[(p - d + n) % n];
            }
        }
        Arrays.sort(out);
        return List.of(out);
    }

    /** Whether two distinct participants are neighbours. */
    public boolean areNeighbours(String a, String b) {
        int pa = position(a);
        int pb = position(b);
        if (pa == pb) {
            return false;
        }
        if (isComplete()) {
            return true;
        }
        int distance = Math.abs(pa - pb);
        return Math.min(distance, circle.length - distance) <= degree / 2;
    }

    private int position(String name) {
        Integer p = position.get(name);
        if (p == null) {
            throw new IllegalArgumentException("'" + name + "' is not a participant of this round");
        }
        return p;
    }
}
