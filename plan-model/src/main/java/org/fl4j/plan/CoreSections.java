package org.fl4j.plan;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** Maps the aggregator, collaborator and network sections to records, with their defaults. */
final class CoreSections {

    static final Set<String> SECTION_KEYS = Set.of("template", "settings");
    static final List<String> AGGREGATOR_KEYS = List.of("init_state_path", "best_state_path", "last_state_path",
            "rounds_to_train", "db_store_rounds", "write_logs", "best_model_metric", "checkpoint_path",
            "quit_grace_seconds", "seed", "max_concurrent_uploads", "update_staging", "metrics_port", "metrics_address",
            "dashboard_port", "dashboard_address", "dashboard_access", SecureAggregationSection.ENABLED,
            SecureAggregationSection.SETTINGS);
    static final List<String> METRIC_KEYS = List.of("task", "metric", "higher_is_better");
    static final List<String> COLLABORATOR_KEYS = List.of("opt_treatment", "delta_updates", "threads");
    static final List<String> NETWORK_KEYS = List.of("agg_addr", "agg_port", "tls", "require_client_auth",
            "client_reconnect_interval", "reconnect_backoff_max_seconds", "long_poll_seconds", "max_model_mb",
            "chunk_kb", "tls_versions", TreeSection.KEY);
    static final List<String> TLS_VERSIONS = List.of("TLSv1.2", "TLSv1.3");
    /** gRPC's default inbound message limit is 4 MiB; a chunk and its framing must stay below it. */
    static final int MAX_CHUNK_KB = 4000;

    private CoreSections() {
    }

    /** Checks the section's own keys and its template, which must be {@code expected}. */
    static Fields section(Fields plan, String name, String expected) {
        Fields s = plan.child(name);
        s.onlyKeys(SECTION_KEYS);
        String template = s.string("template", expected);
        if (!template.equals(expected) && s.has("template")) {
            s.problems().add(s.where("template"), s.at("template"), s.at("template") + " must be '" + expected
                    + "', found '" + template + "'");
        }
        return s.child("settings");
    }

    static AggregatorSettings aggregator(Fields plan) {
        Fields f = section(plan, "aggregator", AggregatorSettings.TEMPLATE);
        f.onlyKeys(AGGREGATOR_KEYS);
        Path init = path(f, "init_state_path", "save/init.fl4j");
        Path best = path(f, "best_state_path", "save/best.fl4j");
        Path last = path(f, "last_state_path", "save/last.fl4j");
        int rounds = f.intValue("rounds_to_train", null, x -> x > 0, "> 0");
        int store = f.intValue("db_store_rounds", 2, x -> x > 0, "> 0");
        boolean logs = f.bool("write_logs", true);
        Fields m = f.child("best_model_metric");
        m.onlyKeys(METRIC_KEYS);
        BestModelMetric metric = new BestModelMetric(m.string("task", BestModelMetric.DEFAULT_TASK),
                m.string("metric", BestModelMetric.DEFAULT_METRIC), m.bool("higher_is_better", true));
        Path checkpoint = path(f, "checkpoint_path", "save/checkpoint.fl4j");
        int grace = f.intValue("quit_grace_seconds", 10, x -> x >= 0, ">= 0");
        long seed = f.integer("seed", 0L, null, null);
        int uploads = f.intValue("max_concurrent_uploads", AggregatorSettings.DEFAULT_CONCURRENT_UPLOADS,
                x -> x > 0, "> 0");
        String staging = f.choice("update_staging", UpdateStaging.AUTO.planName(), UpdateStaging.planNames());
        SecureAggregationSettings secure = SecureAggregationSection.read(f);
        int metricsPort = f.intValue("metrics_port", 0, x -> x >= 0 && x <= 65535,
                "in 1..65535 (0 or absent: no metrics endpoint)");
        String metricsAddress = f.string("metrics_address", AggregatorSettings.DEFAULT_METRICS_ADDRESS);
        int dashboardPort = f.intValue("dashboard_port", 0, x -> x >= 0 && x <= 65535,
                "in 1..65535 (0 or absent: no dashboard)");
        String dashboardAddress = f.string("dashboard_address", AggregatorSettings.DEFAULT_DASHBOARD_ADDRESS);
        String dashboardAccess = f.choice("dashboard_access", AggregatorSettings.DASHBOARD_ACCESS.get(0),
                AggregatorSettings.DASHBOARD_ACCESS);
        return new AggregatorSettings(AggregatorSettings.TEMPLATE, init, best, last, Math.max(rounds, 1), store,
                logs, metric, checkpoint, grace, seed, Math.max(uploads, 1),
                UpdateStaging.planNames().contains(staging) ? UpdateStaging.ofPlanName(staging) : UpdateStaging.AUTO,
                secure, metricsPort >= 0 && metricsPort <= 65535 ? metricsPort : 0,
                metricsAddress.isBlank() ? AggregatorSettings.DEFAULT_METRICS_ADDRESS : metricsAddress,
                dashboardPort >= 0 && dashboardPort <= 65535 ? dashboardPort : 0,
                dashboardAddress.isBlank() ? AggregatorSettings.DEFAULT_DASHBOARD_ADDRESS : dashboardAddress,
                AggregatorSettings.DASHBOARD_ACCESS.contains(dashboardAccess) ? dashboardAccess
                        : AggregatorSettings.DASHBOARD_ACCESS.get(0));
    }

    /** A path relative to the workspace, staying inside it. */
    private static Path path(Fields f, String key, String fallback) {
        String text = f.string(key, fallback);
        Path p = Path.of(text.isBlank() ? fallback : text).normalize();
        if (p.isAbsolute() || p.startsWith("..")) {
            f.problems().add(f.where(key), f.at(key), f.at(key) + " must be a path inside the workspace, found '"
                    + text + "'");
            return Path.of(fallback);
        }
        return p;
    }

    static CollaboratorSettings collaborator(Fields plan) {
        Fields f = section(plan, "collaborator", CollaboratorSettings.TEMPLATE);
        f.onlyKeys(COLLABORATOR_KEYS);
        List<String> treatments = Arrays.stream(OptTreatment.values()).map(Enum::name).toList();
        String treatment = f.choice("opt_treatment", OptTreatment.RESET.name(), treatments);
        boolean delta = f.bool("delta_updates", false);
        int threads = f.intValue("threads", 1, x -> x > 0, "> 0");
        return new CollaboratorSettings(CollaboratorSettings.TEMPLATE,
                treatments.contains(treatment) ? OptTreatment.valueOf(treatment) : OptTreatment.RESET, delta,
                Math.max(threads, 1));
    }

    static NetworkSettings network(Fields plan) {
        Fields f = section(plan, "network", NetworkSettings.TEMPLATE);
        f.onlyKeys(NETWORK_KEYS);
        String addr = f.string("agg_addr", NetworkSettings.AUTO);
        if (!addr.equals(NetworkSettings.AUTO) && !addr.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
            f.problems().add(f.where("agg_addr"), f.at("agg_addr"), f.at("agg_addr")
                    + " must be a host name, an IP address or auto, found '" + addr + "'");
        }
        OptionalInt port = OptionalInt.empty();
        Object portValue = f.has("agg_port") ? f.map().get("agg_port").toPlain() : NetworkSettings.AUTO;
        if (portValue instanceof String text && !NetworkSettings.AUTO.equals(text)) {
            f.problems().add(f.where("agg_port"), f.at("agg_port"), f.at("agg_port")
                    + ": expected a port number or auto, found '" + text + "'");
        } else if (!NetworkSettings.AUTO.equals(portValue)) {
            port = OptionalInt.of(f.intValue("agg_port", null, x -> x > 0 && x < 65536,
                    "a port number (1 to 65535) or auto"));
        }
        boolean tls = f.bool("tls", true);
        boolean clientAuth = f.bool("require_client_auth", true);
        int reconnect = f.intValue("client_reconnect_interval", 5, x -> x > 0, "> 0");
        int backoffMax = f.intValue("reconnect_backoff_max_seconds", 60, x -> x > 0, "> 0");
        if (backoffMax < reconnect) {
            f.problems().add(f.where("reconnect_backoff_max_seconds"), f.at("reconnect_backoff_max_seconds"),
                    f.at("reconnect_backoff_max_seconds") + " must be >= client_reconnect_interval (" + reconnect
                            + "), found " + backoffMax);
        }
        int longPoll = f.intValue("long_poll_seconds", 20, x -> x > 0 && x <= 600, "between 1 and 600");
        int maxMb = f.intValue("max_model_mb", 2048, x -> x > 0, "> 0");
        int chunkKb = f.intValue("chunk_kb", 1024, x -> x > 0 && x <= MAX_CHUNK_KB, "between 1 and " + MAX_CHUNK_KB);
        List<String> versions = f.strings("tls_versions", List.of("TLSv1.3"));
        if (f.has("tls_versions") && versions.isEmpty()) {
            f.problems().add(f.where("tls_versions"), f.at("tls_versions"), f.at("tls_versions")
                    + " must name at least one of " + String.join(", ", TLS_VERSIONS));
        }
        for (String v : versions) {
            if (!TLS_VERSIONS.contains(v)) {
                f.problems().add(f.where("tls_versions"), f.at("tls_versions"), f.at("tls_versions")
                        + " may hold " + String.join(", ", TLS_VERSIONS) + ", found '" + v + "'"
                        + Suggest.hint(v, TLS_VERSIONS));
            }
        }
        return new NetworkSettings(NetworkSettings.TEMPLATE, addr, port, tls, clientAuth, reconnect, backoffMax,
                longPoll, maxMb, chunkKb, versions.stream().distinct().toList());
    }
}
