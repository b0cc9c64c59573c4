package org.fl4j.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The section-by-section mapping of a merged OpenFL plan to an fl4j plan, for {@link OpenFlImport}: OpenFL's
 * templates to fl4j's, OpenFL's setting names to fl4j's where they differ ({@code use_tls},
 * {@code disable_client_auth}, {@code use_delta_updates}, task functions {@code train_task} and
 * {@code validate_task}), and everything else named as not mapped, or as a problem where running without it
 * would change what the federation computes.
 */
final class OpenFlSections {

    static final Set<String> KNOWN = Set.of("aggregator", "collaborator", "network", "assigner", "tasks",
            "straggler_handling_policy", "data_loader", "task_runner", "compression_pipeline");
    private static final Map<String, String> AGGREGATION = Map.of("WeightedAverage", "WeightedAverage",
            "Median", "Median", "GeometricMedian", "GeometricMedian", "AdagradAdaptiveAggregation", "FedAdagrad",
            "AdamAdaptiveAggregation", "FedAdam", "YogiAdaptiveAggregation", "FedYogi");

    private final YNode.YMap root;
    private final Problems problems;
    private final List<String> notMapped;

    OpenFlSections(YNode.YMap root, Problems problems, List<String> notMapped) {
        this.root = root;
        this.problems = problems;
        this.notMapped = notMapped;
    }

    Map<String, Object> aggregator() {
        YNode.YMap s = settings("aggregator");
        template("aggregator", "openfl.component.Aggregator");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : List.of("init_state_path", "best_state_path", "last_state_path")) {
            Object path = plain(s, key);
            if (path instanceof String p && !p.endsWith(".pbuf")) {
                notMapped.add(s.keyOrigin(key) + ": aggregator.settings." + key + " '" + p + "' is read and written"
                        + " in fl4j's model format (its name does not end in .pbuf)");
            }
            if (path != null) {
                out.put(key, path);
            }
        }
        copy(s, out, "rounds_to_train", "db_store_rounds", "write_logs");
        out.put("checkpoint_path", CHECKPOINT_PATH);
        if (plain(s, "single_col_cert_common_name") != null) {
            problem(s, "aggregator.settings", "single_col_cert_common_name", "OpenFL's single-collaborator-certificate"
                    + " mode is not supported: fl4j names each collaborator by its own certificate");
        }
        rest(s, "aggregator.settings", Set.of("init_state_path", "best_state_path", "last_state_path",
                "rounds_to_train", "db_store_rounds", "write_logs", "single_col_cert_common_name"),
                "fl4j's aggregator has no such setting (it checkpoints every round in " + CHECKPOINT_PATH
                        + " and writes logs/metrics.jsonl)");
        return section("fl4j.Aggregator", out);
    }

    static final String CHECKPOINT_PATH = OpenFlImport.CHECKPOINT;

    Map<String, Object> collaborator() {
        YNode.YMap s = settings("collaborator");
        template("collaborator", "openfl.component.Collaborator");
        Map<String, Object> out = new LinkedHashMap<>();
        copy(s, out, "opt_treatment");
        Object delta = plain(s, "delta_updates") != null ? plain(s, "delta_updates") : plain(s, "use_delta_updates");
        if (delta != null) {
            out.put("delta_updates", delta);
        }
        rest(s, "collaborator.settings", Set.of("opt_treatment", "delta_updates", "use_delta_updates"),
                "a setting of OpenFL's collaborators, which keep applying it from their own plan");
        return section("fl4j.Collaborator", out);
    }

    Map<String, Object> network(int autoPort) {
        YNode.YMap s = settings("network");
        template("network", "openfl.federation.Network");
        Map<String, Object> out = new LinkedHashMap<>();
        copy(s, out, "agg_addr");
        Object port = plain(s, "agg_port");
        out.put("agg_port", port == null || "auto".equals(port) ? autoPort : port);
        Object tls = plain(s, "tls") != null ? plain(s, "tls") : plain(s, "use_tls");
        if (tls != null) {
            out.put("tls", tls);
        }
        if (plain(s, "require_client_auth") != null) {
            out.put("require_client_auth", plain(s, "require_client_auth"));
        } else if (plain(s, "disable_client_auth") instanceof Boolean off) {
            out.put("require_client_auth", !off);
        }
        copy(s, out, "client_reconnect_interval");
        Object certs = plain(s, "cert_folder");
        if (certs != null && !"cert".equals(certs)) {
            notMapped.add(s.keyOrigin("cert_folder") + ": network.settings.cert_folder '" + certs + "': fl4j reads"
                    + " the certificates from cert/");
        }
        rest(s, "network.settings", Set.of("agg_addr", "agg_port", "tls", "use_tls", "require_client_auth",
                "disable_client_auth", "client_reconnect_interval", "cert_folder"), "fl4j has no such network setting");
        return section("fl4j.Network", out);
    }

    Map<String, Object> assigner() {
        YNode.YMap s = settings("assigner");
        String template = template("assigner", "openfl.component.RandomGroupedAssigner",
                "openfl.component.StaticGroupedAssigner");
        Map<String, Object> out = new LinkedHashMap<>();
        copy(s, out, "task_groups");
        rest(s, "assigner.settings", Set.of("task_groups"), "fl4j's assigners take only task_groups");
        return section(template.endsWith("StaticGroupedAssigner") ? "fl4j.StaticGroupedAssigner"
                : "fl4j.RandomGroupedAssigner", out);
    }

    Map<String, Object> tasks(Map<String, String> functions) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!(root.get("tasks") instanceof YNode.YMap tasks)) {
            return out;
        }
        for (String name : tasks.entries().keySet()) {
            if (name.equals(OpenFlPlan.SETTINGS) || !(tasks.get(name) instanceof YNode.YMap t)) {
                continue;
            }
            Map<String, Object> task = new LinkedHashMap<>();
            Object fn = plain(t, "function");
            String function = "train_task".equals(fn) || "train".equals(fn) ? "train"
                    : "validate_task".equals(fn) || "validate".equals(fn) ? "validate" : null;
            if (function == null) {
                problem(t, "tasks." + name, "function", "tasks." + name + ".function '" + fn + "' is a custom task"
                        + " function: fl4j's aggregator knows train_task and validate_task");
                continue;
            }
            functions.put(name, String.valueOf(fn));
            task.put("function", function);
            if (t.get("kwargs") != null) {
                task.put("kwargs", t.get("kwargs").toPlain());
            }
            if (t.get("aggregation_type") instanceof YNode.YMap agg) {
                Object template = plain(agg, "template");
                String simple = String.valueOf(template).substring(String.valueOf(template).lastIndexOf('.') + 1);
                String mapped = AGGREGATION.get(simple);
                if (mapped == null) {
                    problem(agg, "tasks." + name + ".aggregation_type", "template", "aggregation function '" + template
                            + "' has no fl4j counterpart (fl4j maps " + AGGREGATION.keySet() + ")");
                } else {
                    task.put("aggregation_type", section(mapped, Map.of()));
                    if (agg.get("settings") instanceof YNode.YMap as && !as.entries().isEmpty()) {
                        notMapped.add(agg.keyOrigin("settings") + ": tasks." + name + ".aggregation_type.settings"
                                + " (fl4j's " + mapped + " takes its own settings, see docs/aggregation.md)");
                    }
                }
            }
            out.put(name, task);
        }
        return out;
    }

    Map<String, Object> straggler() {
        YNode.YMap s = settings("straggler_handling_policy");
        Object template = root.get("straggler_handling_policy") instanceof YNode.YMap m ? plain(m, "template") : null;
        String t = template == null ? "" : String.valueOf(template);
        Map<String, Object> out = new LinkedHashMap<>();
        if (t.endsWith("CutoffTimeBasedStragglerHandling")) {
            copy(s, out, "straggler_cutoff_time", "minimum_reporting");
            rest(s, "straggler_handling_policy.settings", Set.of("straggler_cutoff_time", "minimum_reporting"),
                    "fl4j's cutoff policy has no such setting");
            return section("fl4j.CutoffTime", out);
        }
        if (t.endsWith("PercentageBasedStragglerHandling")) {
            copy(s, out, "percent_collaborators_needed", "minimum_reporting");
            rest(s, "straggler_handling_policy.settings", Set.of("percent_collaborators_needed", "minimum_reporting"),
                    "fl4j's percentage policy has no such setting");
            return section("fl4j.Percentage", out);
        }
        if (!t.isEmpty() && !t.endsWith("NoPolicy")) {
            problem((YNode.YMap) root.get("straggler_handling_policy"), "straggler_handling_policy", "template",
                    "straggler policy '" + t + "' has no fl4j counterpart");
        }
        return section("fl4j.WaitForAll", out);
    }

    Map<String, Object> compression() {
        Object template = root.get("compression_pipeline") instanceof YNode.YMap m ? plain(m, "template") : null;
        if (template != null && !"openfl.pipelines.NoCompressionPipeline".equals(template)) {
            notMapped.add(((YNode.YMap) root.get("compression_pipeline")).keyOrigin("template")
                    + ": compression_pipeline '" + template + "': fl4j implements only NoCompressionPipeline and"
                    + " refuses tensors compressed otherwise (OpenFL sends lossless tensors unless delta_updates)");
        }
        return section("fl4j.NoCompression", Map.of());
    }

    /** A section fl4j's aggregator does not use (data loader, task runner), kept as it is. */
    Map<String, Object> verbatim(String name) {
        if (!(root.get(name) instanceof YNode.YMap m)) {
            return section("openfl.none", Map.of());
        }
        Object template = plain(m, "template");
        YNode.YMap s = settings(name);
        return section(template == null ? "openfl.none" : String.valueOf(template), asMap(s.toPlain()));
    }

    private String template(String section, String... expected) {
        YNode.YMap m = root.get(section) instanceof YNode.YMap map ? map : YNode.YMap.empty(root.origin());
        Object t = plain(m, "template");
        if (t == null) {
            return expected[0];
        }
        if (!List.of(expected).contains(t)) {
            problem(m, section, "template", section + ".template '" + t + "' is not one of OpenFL's templates fl4j"
                    + " maps (expected " + String.join(" or ", expected) + ")");
        }
        return String.valueOf(t);
    }

    private YNode.YMap settings(String section) {
        if (root.get(section) instanceof YNode.YMap m && m.get(OpenFlPlan.SETTINGS) instanceof YNode.YMap s) {
            return s;
        }
        return YNode.YMap.empty(root.origin());
    }

    private static Object plain(YNode.YMap m, String key) {
        YNode n = m.get(key);
        return n == null ? null : n.toPlain();
    }

    private static void copy(YNode.YMap s, Map<String, Object> out, String... keys) {
        for (String key : keys) {
            Object v = plain(s, key);
            if (v != null) {
                out.put(key, v);
            }
        }
    }

    private void rest(YNode.YMap s, String path, Set<String> mapped, String why) {
        for (String key : s.entries().keySet()) {
            if (!mapped.contains(key)) {
                notMapped.add(s.keyOrigin(key) + ": " + path + "." + key + " (" + why + ")");
            }
        }
    }

    private void problem(YNode.YMap m, String path, String key, String message) {
        problems.add(m.keyOrigin(key), path + "." + key, message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object plain) {
        return plain instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> section(String template, Map<String, Object> settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("template", template);
        out.put("settings", settings);
        return out;
    }
}
