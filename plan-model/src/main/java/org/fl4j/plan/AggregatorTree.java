package org.fl4j.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A tree of aggregators ({@code network.settings.tree}): intermediate aggregators, each serving its own
 * collaborators (and intermediate aggregators below it) and taking part in its parent's federation as one
 * collaborator that sends its subtree's weighted average and total weight. Empty for a flat federation, where
 * every collaborator reports to the root aggregator ({@link #ROOT}).
 *
 * <p>cols.yaml lists every participant with a certificate: sites and intermediate aggregators. The root admits
 * those of cols.yaml whose parent is the root; an intermediate aggregator admits its children in this tree.
 *
 * @param nodes the intermediate aggregators by name, in the plan's order
 */
public record AggregatorTree(Map<String, Node> nodes) {

    /** The name of the root aggregator as a parent in the tree. */
    public static final String ROOT = "aggregator";

    /** No intermediate aggregators: a flat federation. */
    public static final AggregatorTree FLAT = new AggregatorTree(Map.of());

    /**
     * One intermediate aggregator.
     *
     * @param name its collaborator name toward its parent (its client certificate's CN, registered in cols.yaml)
     * @param address the host name its children connect to (its server certificate's CN)
     * @param port the port it serves its children on
     * @param parent {@link #ROOT} or the name of another intermediate aggregator
     * @param collaborators the sites that report to it
     * @param stragglerCutoffSeconds when present, its rounds close this long after they start once one child
     *     reported, whatever the plan's straggler policy: shorter than the parent's cutoff, so that a subtree with
     *     a straggler still reaches its parent in time
     */
    public record Node(String name, String address, int port, String parent, List<String> collaborators,
            OptionalDouble stragglerCutoffSeconds) {
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(parent, "parent");
            collaborators = List.copyOf(collaborators);
            Objects.requireNonNull(stragglerCutoffSeconds, "stragglerCutoffSeconds");
        }
    }

    public AggregatorTree {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    public boolean isFlat() {
        return nodes.isEmpty();
    }

    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** The aggregator {@code participant} (a site or an intermediate aggregator) reports to: a node or {@link #ROOT}. */
    public String parentOf(String participant) {
        Node hub = nodes.get(participant);
        if (hub != null) {
            return hub.parent();
        }
        for (Node n : nodes.values()) {
            if (n.collaborators().contains(participant)) {
                return n.name();
            }
        }
        return ROOT;
    }

    /**
     * Whom {@code aggregator} ({@link #ROOT} or a node) admits: for the root, the participants of {@code cols}
     * whose parent is the root; for a node, its collaborators and the nodes whose parent it is.
     */
    public List<String> childrenOf(String aggregator, List<String> cols) {
        if (ROOT.equals(aggregator)) {
            return cols.stream().filter(c -> ROOT.equals(parentOf(c))).toList();
        }
        Node hub = nodes.get(aggregator);
        if (hub == null) {
            throw new IllegalArgumentException("'" + aggregator + "' is not an intermediate aggregator of"
                    + " network.settings.tree" + Suggest.hint(aggregator, nodes.keySet()));
        }
        Set<String> out = new LinkedHashSet<>(hub.collaborators());
        nodes.values().stream().filter(n -> n.parent().equals(aggregator)).forEach(n -> out.add(n.name()));
        return new ArrayList<>(out);
    }

    /** The nodes from {@code node} up to the root, {@code node} first; refuses a cycle. */
    public List<String> pathToRoot(String node) {
        List<String> path = new ArrayList<>();
        String at = node;
        while (!ROOT.equals(at)) {
            if (path.contains(at)) {
                path.add(at);
                throw new IllegalArgumentException("network.settings.tree has a cycle: " + String.join(" -> ", path));
            }
            path.add(at);
            Node n = nodes.get(at);
            if (n == null) {
                throw new IllegalArgumentException("network.settings.tree: '" + at + "' is not an intermediate"
                        + " aggregator");
            }
            at = n.parent();
        }
        return path;
    }
}
