package org.fl4j.plan;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongPredicate;

/**
 * Reads {@code aggregator.settings.secure_aggregation} and {@code secure_aggregation_settings}, and checks
 * them against the rest of the plan: the aggregator sees only the sum of the updates, so only strategies that
 * are linear in the updates can run on it.
 */
final class SecureAggregationSection {

    static final String ENABLED = "secure_aggregation";
    static final String SETTINGS = "secure_aggregation_settings";
    static final List<String> KEYS = List.of("threshold", "neighbours", "clip_range", "bits", "weight_cap",
            "setup_timeout_seconds");
    /** Strategies computed from the weighted sum of the updates alone (aggregation_type templates). */
    static final List<String> LINEAR = List.of("WeightedAverage", "FedAvgM", "FedAdagrad", "FedAdam", "FedYogi");
    static final String AUTO = "auto";
    private static final String PREFIX = "fl4j.";

    private SecureAggregationSection() {
    }

    static SecureAggregationSettings read(Fields aggregator) {
        boolean enabled = aggregator.bool(ENABLED, false);
        Fields s = aggregator.child(SETTINGS);
        s.onlyKeys(KEYS);
        double threshold = s.number("threshold", SecureAggregationSettings.DEFAULT_THRESHOLD,
                x -> x > 0.5 && x <= 1.0, "in (0.5, 1] (a fraction of the neighbours, above one half)");
        OptionalInt neighbours = autoOrInt(s, "neighbours", x -> x >= 2 && x % 2 == 0, "an even number >= 2 or auto");
        double clip = s.number("clip_range", SecureAggregationSettings.DEFAULT_CLIP_RANGE, x -> x > 0, "> 0");
        OptionalInt bits = autoOrInt(s, "bits", x -> x >= SecureAggregationSettings.MIN_BITS
                && x <= SecureAggregationSettings.MAX_BITS, "in [2, 24] or auto");
        int cap = s.intValue("weight_cap", SecureAggregationSettings.DEFAULT_WEIGHT_CAP, x -> x >= 1, ">= 1");
        int timeout = s.intValue("setup_timeout_seconds", SecureAggregationSettings.DEFAULT_SETUP_TIMEOUT_SECONDS,
                x -> x >= 1 && x <= 3600, "between 1 and 3600");
        // Fall back to defaults where a problem was reported: the plan is refused anyway.
        return new SecureAggregationSettings(enabled,
                threshold > 0.5 && threshold <= 1.0 ? threshold : SecureAggregationSettings.DEFAULT_THRESHOLD,
                neighbours.isPresent() && (neighbours.getAsInt() < 2 || neighbours.getAsInt() % 2 != 0)
                        ? OptionalInt.empty() : neighbours,
                clip > 0 && Double.isFinite(clip) ? clip : SecureAggregationSettings.DEFAULT_CLIP_RANGE,
                bits.isPresent() && (bits.getAsInt() < 2 || bits.getAsInt() > 24) ? OptionalInt.empty() : bits,
                Math.max(cap, 1), timeout >= 1 && timeout <= 3600 ? timeout
                        : SecureAggregationSettings.DEFAULT_SETUP_TIMEOUT_SECONDS);
    }

    /** An integer, or empty for {@code auto}. */
    private static OptionalInt autoOrInt(Fields s, String key, LongPredicate valid, String rule) {
        if (!s.has(key)) {
            return OptionalInt.empty();
        }
        Object value = s.map().get(key).toPlain();
        if (value instanceof String text) {
            if (!AUTO.equals(text)) {
                s.problems().add(s.where(key), s.at(key), s.at(key) + ": expected " + rule + ", found '" + text + "'");
            }
            return OptionalInt.empty();
        }
        return OptionalInt.of(s.intValue(key, null, valid, rule));
    }

    /** Checks an enabled secure aggregation against the tasks' strategies and the collaborators. */
    static void check(Fields root, AggregatorSettings aggregator, Map<String, TaskSpec> tasks, List<String> cols) {
        SecureAggregationSettings s = aggregator.secureAggregation();
        if (!s.enabled()) {
            return;
        }
        String enabledPath = "aggregator.settings." + ENABLED;
        for (TaskSpec t : tasks.values()) {
            if (t.isTrain()) {
                checkStrategy(root, t, enabledPath);
            }
        }
        if (!cols.isEmpty() && s.bits().isPresent()
                && !SecureAggregationSettings.fits(cols.size(), s.weightCap(), s.bits().getAsInt())) {
            String path = "aggregator.settings." + SETTINGS + ".bits";
            root.problems().add(origin(root, "aggregator", "settings", SETTINGS, "bits"), path, path + ": "
                    + bitsProblem(s, cols.size()) + " (" + cols.size() + " collaborators in cols.yaml)");
        } else if (!cols.isEmpty() && SecureAggregationSettings.maxBits(cols.size(), s.weightCap()) == 0) {
            String path = "aggregator.settings." + SETTINGS + ".weight_cap";
            root.problems().add(origin(root, "aggregator", "settings", SETTINGS, "weight_cap"), path, path + ": "
                    + bitsProblem(s, cols.size()) + " (" + cols.size() + " collaborators in cols.yaml)");
        }
    }

    private static String bitsProblem(SecureAggregationSettings s, int n) {
        try {
            s.bitsFor(n);
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage().substring(e.getMessage().indexOf(':') + 2);
        }
    }

    private static void checkStrategy(Fields root, TaskSpec t, String enabledPath) {
        String template = t.aggregationType().template();
        String name = template.startsWith(PREFIX) && template.indexOf('.', PREFIX.length()) < 0
                ? template.substring(PREFIX.length()) : template;
        String base = "tasks." + t.name() + ".aggregation_type";
        if (!LINEAR.contains(name)) {
            root.problems().add(origin(root, "tasks", t.name(), "aggregation_type", "template"), base + ".template",
                    base + ".template: " + template + " cannot run with " + enabledPath + ": true, which shows the"
                            + " aggregator only the sum of the updates, never one update: use one of "
                            + String.join(", ", LINEAR) + ", or turn secure aggregation off");
        }
        if (t.aggregationType().settings().has("clip_norm")) {
            root.problems().add(origin(root, "tasks", t.name(), "aggregation_type", "settings", "clip_norm"),
                    base + ".settings.clip_norm", base + ".settings.clip_norm needs the norm of each update, which "
                            + enabledPath + ": true hides from the aggregator: remove clip_norm (the sites clip"
                            + " every coordinate to secure_aggregation_settings.clip_range), or turn secure"
                            + " aggregation off");
        }
    }

    /** The node at the deepest existing key of {@code keys}, for the problem's position. */
    private static Origin origin(Fields root, String... keys) {
        YNode at = root.map();
        for (String key : keys) {
            if (at instanceof YNode.YMap m && m.get(key) != null) {
                at = m.get(key);
            } else {
                break;
            }
        }
        return at.origin();
    }
}
