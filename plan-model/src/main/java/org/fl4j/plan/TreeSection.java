package org.fl4j.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads {@code network.settings.tree} (a mapping of intermediate aggregators by name) into an
 * {@link AggregatorTree}, and checks it: names, parents that exist, no cycle, each site under at most one
 * node, distinct addresses (a node may list no sites: a simulation slice brings its own), and the rest of the plan against a tree (an intermediate aggregator forwards a
 * weighted average, so only strategies linear in the updates run at the root, and nothing that needs every
 * site's own update at the root: secure aggregation, client-level differential privacy, Poisson sampling).
 */
final class TreeSection {

    static final String KEY = "tree";
    static final List<String> NODE_KEYS = List.of("address", "port", "parent", "collaborators",
            "straggler_cutoff_seconds");

    private TreeSection() {
    }

    /**
     * The tree under {@code network.settings}, or {@link AggregatorTree#FLAT} when absent (a network section
     * that is not a mapping is reported by the network section's reader).
     */
    static AggregatorTree read(Fields root) {
        if (!(root.map().get("network") instanceof YNode.YMap section)
                || !(section.get("settings") instanceof YNode.YMap settings)) {
            return AggregatorTree.FLAT;
        }
        return readTree(new Fields(settings, "network.settings", root.problems()));
    }

    private static AggregatorTree readTree(Fields network) {
        if (!network.has(KEY)) {
            return AggregatorTree.FLAT;
        }
        Fields tree = network.child(KEY);
        Map<String, AggregatorTree.Node> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, YNode> e : tree.map().entries().entrySet()) {
            String name = e.getKey();
            String at = tree.at(name);
            Names.collaboratorNameProblem(name).ifPresent(p -> tree.problems().add(tree.map().keyOrigin(name), at,
                    at + ": " + p));
            if (AggregatorTree.ROOT.equals(name)) {
                tree.problems().add(tree.map().keyOrigin(name), at, at + ": '" + AggregatorTree.ROOT + "' names the"
                        + " root aggregator (network.settings.agg_addr); give the intermediate aggregator another name");
            }
            Fields n = tree.child(name);
            n.onlyKeys(NODE_KEYS);
            String address = n.string("address", null);
            if (!address.isEmpty() && !address.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
                n.problems().add(n.where("address"), n.at("address"), n.at("address")
                        + " must be a host name or an IP address, found '" + address + "'");
            }
            int port = n.intValue("port", null, x -> x > 0 && x < 65536, "a port number (1 to 65535)");
            String parent = n.string("parent", AggregatorTree.ROOT);
            List<String> sites = n.strings("collaborators", List.of());
            OptionalDouble cutoff = n.has("straggler_cutoff_seconds")
                    ? OptionalDouble.of(n.number("straggler_cutoff_seconds", null, x -> x > 0, "> 0"))
                    : OptionalDouble.empty();
            nodes.put(name, new AggregatorTree.Node(name, address, Math.max(port, 0), parent, sites, cutoff));
        }
        AggregatorTree result = new AggregatorTree(nodes);
        checkShape(tree, result);
        return result;
    }

    private static void checkShape(Fields tree, AggregatorTree t) {
        Map<String, String> siteOwner = new HashMap<>();
        Map<String, String> endpoints = new HashMap<>();
        for (AggregatorTree.Node n : t.nodes().values()) {
            Fields f = tree.child(n.name());
            if (!AggregatorTree.ROOT.equals(n.parent()) && !t.nodes().containsKey(n.parent())) {
                f.problems().add(f.where("parent"), f.at("parent"), f.at("parent") + " names '" + n.parent()
                        + "', which is neither " + AggregatorTree.ROOT + " (the root) nor an intermediate aggregator"
                        + " of network.settings.tree" + Suggest.hint(n.parent(), t.nodes().keySet()));
            }
            for (String site : n.collaborators()) {
                if (t.nodes().containsKey(site)) {
                    f.problems().add(f.where("collaborators"), f.at("collaborators"), f.at("collaborators")
                            + " lists '" + site + "', an intermediate aggregator: give it parent: " + n.name()
                            + " instead");
                } else if (siteOwner.putIfAbsent(site, n.name()) != null && !siteOwner.get(site).equals(n.name())) {
                    f.problems().add(f.where("collaborators"), f.at("collaborators"), f.at("collaborators")
                            + " lists '" + site + "', which " + siteOwner.get(site) + " lists too: a site reports"
                            + " to one aggregator");
                }
            }
            String endpoint = n.address() + ":" + n.port();
            String other = endpoints.putIfAbsent(endpoint, n.name());
            if (other != null) {
                f.problems().add(f.where("port"), f.at("port"), tree.at(n.name()) + " serves on " + endpoint
                        + ", as " + other + " does: give each intermediate aggregator its own address or port");
            }
        }
        checkCycles(tree, t);
    }

    /** Reports each cycle of parents once, at the parent key of its first node in the plan's order. */
    private static void checkCycles(Fields tree, AggregatorTree t) {
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (String start : t.nodes().keySet()) {
            List<String> path = new ArrayList<>();
            String at = start;
            while (!AggregatorTree.ROOT.equals(at) && t.nodes().containsKey(at) && !path.contains(at)) {
                path.add(at);
                at = t.nodes().get(at).parent();
            }
            if (AggregatorTree.ROOT.equals(at) || !t.nodes().containsKey(at) || !reported.add(at)) {
                continue;
            }
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
            reported.addAll(cycle);
            cycle.add(at);
            Fields f = tree.child(cycle.get(0));
            f.problems().add(f.where("parent"), f.at("parent"), "network.settings.tree has a cycle of parents: "
                    + String.join(" -> ", cycle) + ": every chain of parents must end at " + AggregatorTree.ROOT);
        }
    }

    /** Checks the rest of the plan against a tree of aggregators. */
    static void check(Fields root, AggregatorTree tree, AggregatorSettings aggregator, Map<String, TaskSpec> tasks,
            PrivacySettings privacy, Assigner assigner) {
        if (tree.isFlat()) {
            return;
        }
        String treePath = "network.settings." + KEY;
        Origin at = origin(root, "network", "settings", KEY);
        if (aggregator.secureAggregation().enabled()) {
            root.problems().add(at, treePath, treePath + " cannot go with aggregator.settings.secure_aggregation:"
                    + " true: an intermediate aggregator would learn its subtree's sum; run a flat federation");
        }
        if (privacy.level() == PrivacySettings.Level.CLIENT) {
            root.problems().add(at, treePath, treePath + " cannot go with privacy.settings.level: client: the root"
                    + " would clip and count each intermediate aggregator's average as one collaborator; use"
                    + " level: record (each site's DP-SGD) or a flat federation");
        }
        if (assigner.sampling().poisson()) {
            root.problems().add(at, treePath, treePath + " cannot go with assigner.settings.poisson_sampling: the"
                    + " root would sample whole subtrees, not sites");
        }
        if (!(assigner instanceof Assigner.RandomGrouped r) || r.taskGroups().size() != 1
                || r.taskGroups().get(0).percentage() != 1.0) {
            root.problems().add(origin(root, "assigner"), "assigner", "assigner: " + treePath + " needs one task"
                    + " group that every participant runs (" + Assigner.RandomGrouped.TEMPLATE + ", one group with"
                    + " percentage: 1.0): an intermediate aggregator runs each task its children run");
        }
        for (TaskSpec t : tasks.values()) {
            if (!t.isTrain()) {
                continue;
            }
            String template = t.aggregationType().template();
            String name = template.startsWith("fl4j.") ? template.substring("fl4j.".length()) : template;
            String base = "tasks." + t.name() + ".aggregation_type";
            if (!SecureAggregationSection.LINEAR.contains(name)) {
                root.problems().add(origin(root, "tasks", t.name(), "aggregation_type", "template"),
                        base + ".template", base + ".template: " + template + " cannot run over " + treePath
                                + ": intermediate aggregators forward weighted averages, never the sites' own updates;"
                                + " use one of " + String.join(", ", SecureAggregationSection.LINEAR));
            } else if (t.aggregationType().settings().has("clip_norm")) {
                root.problems().add(origin(root, "tasks", t.name(), "aggregation_type", "settings", "clip_norm"),
                        base + ".settings.clip_norm", base + ".settings.clip_norm clips each update, and over "
                                + treePath + " the root sees subtree averages: remove it, or run a flat federation");
            }
        }
    }

    private static Origin origin(Fields root, String... keys) {
        YNode node = root.map();
        for (String key : keys) {
            if (node instanceof YNode.YMap m && m.get(key) != null) {
                node = m.get(key);
            } else {
                break;
            }
        }
        return node.origin();
    }
}
