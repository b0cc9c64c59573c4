package org.fl4j.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The canonical YAML of a plan: every section and setting written out (defaults included), sections and
 * typed settings in a fixed order, tasks and free-form settings sorted by key, block style. Reading it back gives
 * the same plan and hence the same hash, which is what {@code fx plan freeze} relies on.
 */
final class CanonicalPlan {

    private CanonicalPlan() {
    }

    static String yaml(Plan plan) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(Integer.MAX_VALUE);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        options.setSplitLines(false);
        return new Yaml(options).dump(tree(plan));
    }

    static Map<String, Object> tree(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        AggregatorSettings a = plan.aggregator();
        Map<String, Object> metric = ordered("task", a.bestModelMetric().task(), "metric", a.bestModelMetric().metric(),
                "higher_is_better", a.bestModelMetric().higherIsBetter());
        root.put("aggregator", section(a.template(), ordered(
                "init_state_path", path(a.initStatePath()), "best_state_path", path(a.bestStatePath()),
                "last_state_path", path(a.lastStatePath()), "rounds_to_train", a.roundsToTrain(),
                "db_store_rounds", a.dbStoreRounds(), "write_logs", a.writeLogs(), "best_model_metric", metric,
                "checkpoint_path", path(a.checkpointPath()), "quit_grace_seconds", a.quitGraceSeconds(),
                "seed", a.seed(), "max_concurrent_uploads", a.maxConcurrentUploads(),
                "update_staging", a.updateStaging().planName(),
                SecureAggregationSection.ENABLED, a.secureAggregation().enabled(),
                SecureAggregationSection.SETTINGS, secureAggregation(a.secureAggregation()))));
        // Written only when set, so plans without a metrics endpoint keep their hash.
        if (a.metricsPort() != 0) {
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) ((Map<String, Object>) root.get("aggregator"))
                    .get("settings");
            settings.put("metrics_port", a.metricsPort());
            settings.put("metrics_address", a.metricsAddress());
        }
        // Likewise for the dashboard.
        if (a.dashboardPort() != 0) {
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) ((Map<String, Object>) root.get("aggregator"))
                    .get("settings");
            settings.put("dashboard_port", a.dashboardPort());
            settings.put("dashboard_address", a.dashboardAddress());
            settings.put("dashboard_access", a.dashboardAccess());
        }
        CollaboratorSettings c = plan.collaborator();
        root.put("collaborator", section(c.template(), ordered("opt_treatment", c.optTreatment().name(),
                "delta_updates", c.deltaUpdates(), "threads", c.threads())));
        NetworkSettings n = plan.network();
        Object port = n.aggPort().isPresent() ? (Object) n.aggPort().getAsInt() : NetworkSettings.AUTO;
        root.put("network", section(n.template(), ordered("agg_addr", n.aggAddr(), "agg_port", port, "tls", n.tls(),
                "require_client_auth", n.requireClientAuth(), "client_reconnect_interval", n.clientReconnectInterval(),
                "reconnect_backoff_max_seconds", n.reconnectBackoffMaxSeconds(), "long_poll_seconds",
                n.longPollSeconds(), "max_model_mb", n.maxModelMb(), "chunk_kb", n.chunkKb(), "tls_versions",
                n.tlsVersions())));
        // Written only when there is a tree, so flat plans keep their hash.
        if (!plan.tree().isFlat()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) ((Map<String, Object>) root.get("network"))
                    .get("settings");
            Map<String, Object> tree = new LinkedHashMap<>();
            new TreeMap<>(plan.tree().nodes()).forEach((name, node) -> {
                Map<String, Object> m = ordered("address", node.address(), "port", node.port(), "parent",
                        node.parent(), "collaborators", node.collaborators());
                node.stragglerCutoffSeconds().ifPresent(s -> m.put("straggler_cutoff_seconds", s));
                tree.put(name, m);
            });
            settings.put(TreeSection.KEY, tree);
        }
        Map<String, Object> assigner = ordered("task_groups", groups(plan.assigner()));
        SamplingSettings.write(plan.assigner().sampling(), assigner);
        root.put("assigner", section(plan.assigner().template(), assigner));
        Map<String, Object> tasks = new LinkedHashMap<>();
        // Tasks by name: their order in the file means nothing (groups list the tasks they run in order).
        new TreeMap<>(plan.tasks()).forEach((name, t) -> tasks.put(name, ordered("function", t.function(), "kwargs",
                sorted(t.kwargs().asMap()), "aggregation_type", component(t.aggregationType()))));
        root.put("tasks", tasks);
        root.put("straggler_handling_policy", section(plan.stragglerHandlingPolicy().template(),
                straggler(plan.stragglerHandlingPolicy())));
        root.put("data_loader", component(plan.dataLoader()));
        root.put("task_runner", component(plan.taskRunner()));
        root.put("compression_pipeline", component(plan.compressionPipeline()));
        root.put("privacy", section(PrivacySettings.TEMPLATE, privacy(plan.privacy())));
        // Written only when present, so plans without it keep their hash.
        plan.openfl().ifPresent(o -> root.put("openfl", section(o.template(), ordered("federation_uuid",
                o.federationUuid(), "aggregator_uuid", o.aggregatorUuid(), "task_functions",
                sorted(new LinkedHashMap<>(o.taskFunctions()))))));
        return root;
    }

    private static Map<String, Object> secureAggregation(SecureAggregationSettings s) {
        return ordered("threshold", s.threshold(),
                "neighbours", s.neighbours().isPresent() ? (Object) s.neighbours().getAsInt() : SecureAggregationSection.AUTO,
                "clip_range", s.clipRange(),
                "bits", s.bits().isPresent() ? (Object) s.bits().getAsInt() : SecureAggregationSection.AUTO,
                "weight_cap", s.weightCap(), "setup_timeout_seconds", s.setupTimeoutSeconds());
    }

    private static String path(java.nio.file.Path p) {
        return p.toString().replace('\\', '/');
    }

    private static Map<String, Object> section(String template, Map<String, Object> settings) {
        return ordered("template", template, "settings", settings);
    }

    private static Map<String, Object> component(Component c) {
        return section(c.template(), sorted(c.settings().asMap()));
    }

    private static List<Object> groups(Assigner assigner) {
        List<Object> out = new ArrayList<>();
        if (assigner instanceof Assigner.RandomGrouped r) {
            r.taskGroups().forEach(g -> out.add(ordered("name", g.name(), "percentage", g.percentage(),
                    "tasks", g.tasks())));
        } else if (assigner instanceof Assigner.StaticGrouped s) {
            s.taskGroups().forEach(g -> out.add(ordered("name", g.name(), "tasks", g.tasks(), "collaborators",
                    g.collaborators())));
        }
        return out;
    }

    private static Map<String, Object> straggler(StragglerPolicy p) {
        if (p instanceof StragglerPolicy.CutoffTime c) {
            return ordered("straggler_cutoff_time", c.stragglerCutoffTime(), "minimum_reporting", c.minimumReporting());
        }
        if (p instanceof StragglerPolicy.Percentage q) {
            return ordered("percent_collaborators_needed", q.percentCollaboratorsNeeded(), "minimum_reporting",
                    q.minimumReporting());
        }
        return new LinkedHashMap<>();
    }

    /** Every privacy setting, the optional ones only when set. */
    private static Map<String, Object> privacy(PrivacySettings p) {
        Map<String, Object> out = ordered("level", p.level().planName());
        p.noiseMultiplier().ifPresent(v -> out.put("noise_multiplier", v));
        p.targetEpsilon().ifPresent(v -> out.put("target_epsilon", v));
        out.put("clip_norm", p.clipNorm());
        out.put("target_delta", p.targetDelta());
        p.maxEpsilon().ifPresent(v -> out.put("max_epsilon", v));
        out.put("accountant", p.accountant().planName());
        p.adaptiveClipping().ifPresent(a -> {
            Map<String, Object> adaptive = ordered("target_unclipped_quantile", a.targetUnclippedQuantile(),
                    "learning_rate", a.learningRate());
            a.clippedCountStddev().ifPresent(v -> adaptive.put("clipped_count_stddev", v));
            out.put("adaptive_clipping", adaptive);
        });
        return out;
    }

    /** Free-form values with every mapping's keys sorted (nested ones too). */
    @SuppressWarnings("unchecked")
    static Object sortedValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return sorted((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(CanonicalPlan::sortedValue).toList();
        }
        return v;
    }

    private static Map<String, Object> sorted(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        new TreeMap<>(m).forEach((k, v) -> out.put(k, sortedValue(v)));
        return out;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
