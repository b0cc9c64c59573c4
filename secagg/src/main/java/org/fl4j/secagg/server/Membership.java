package org.fl4j.secagg.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fl4j.secagg.graph.NeighbourGraph;

/** Set arithmetic over the neighbour graph. */
final class Membership {

    private Membership() {
    }

    /** The neighbours of {@code u} that are in {@code set}, in name order. */
    static List<String> neighboursIn(NeighbourGraph graph, String u, Collection<String> set) {
        List<String> out = new ArrayList<>();
        for (String v : graph.neighbours(u)) {
            if (set.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * The largest subset of {@code members} in which every member has at least {@code t} neighbours: members
     * with fewer could not have their secrets reconstructed, so they leave, which may leave others short in turn.
     */
    static Set<String> prune(NeighbourGraph graph, Collection<String> members, int t) {
        Set<String> set = new TreeSet<>(members);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String u : List.copyOf(set)) {
                if (neighboursIn(graph, u, set).size() < t) {
                    set.remove(u);
                    changed = true;
                }
            }
        }
        return set;
    }
}
