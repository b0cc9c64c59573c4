package org.fl4j.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the {@code privacy} section to {@link PrivacySettings} and checks it against the rest of the plan:
 * the aggregation strategies (client-level DP needs one whose sensitivity to a collaborator is bounded) and
 * the collaborators of cols.yaml (the delta against their number, see {@link DeltaCheck}).
 */
final class PrivacySection {

    static final List<String> KEYS = List.of("level", "noise_multiplier", "target_epsilon", "clip_norm",
            "target_delta", "max_epsilon", "accountant", "adaptive_clipping");
    static final List<String> ADAPTIVE_KEYS = List.of("target_unclipped_quantile", "learning_rate",
            "clipped_count_stddev");
    /**
     * Strategies (docs/aggregation.md) whose output one collaborator can move arbitrarily far or which select
     * among updates: the Gaussian mechanism cannot make them client-level DP. Record-level DP is unaffected:
     * the aggregator only post-processes what the sites already made private.
     */
    static final Set<String> UNBOUNDED_STRATEGIES = Set.of("Median", "TrimmedMean", "Krum", "MultiKrum",
            "GeometricMedian");
    private static final Logger LOG = LoggerFactory.getLogger(PrivacySection.class);

    private PrivacySection() {
    }

    static PrivacySettings privacy(Fields plan, Map<String, TaskSpec> tasks, List<String> collaborators) {
        Fields f = CoreSections.section(plan, "privacy", PrivacySettings.TEMPLATE);
        f.onlyKeys(KEYS);
        List<String> levels = Arrays.stream(PrivacySettings.Level.values()).map(PrivacySettings.Level::planName).toList();
        String levelName = f.choice("level", PrivacySettings.Level.NONE.planName(), levels);
        PrivacySettings.Level level = levels.contains(levelName)
                ? PrivacySettings.Level.valueOf(levelName.toUpperCase(java.util.Locale.ROOT)) : PrivacySettings.Level.NONE;
        OptionalDouble noise = optional(f, "noise_multiplier");
        OptionalDouble target = optional(f, "target_epsilon");
        double clip = f.number("clip_norm", PrivacySettings.DEFAULT_CLIP_NORM, x -> x > 0, "> 0");
        double delta = f.number("target_delta", PrivacySettings.DEFAULT_DELTA, x -> x > 0 && x < 1,
                "between 0 and 1 (exclusive)");
        OptionalDouble max = optional(f, "max_epsilon");
        List<String> accountants = Arrays.stream(PrivacySettings.Accountant.values())
                .map(PrivacySettings.Accountant::planName).toList();
        String accountantName = f.choice("accountant", PrivacySettings.Accountant.PLD.planName(), accountants);
        PrivacySettings.Accountant accountant = accountants.contains(accountantName)
                ? PrivacySettings.Accountant.valueOf(accountantName.toUpperCase(java.util.Locale.ROOT))
                : PrivacySettings.Accountant.PLD;
        Optional<PrivacySettings.AdaptiveClipping> adaptive = adaptive(f);
        if (level != PrivacySettings.Level.NONE) {
            checkNoise(f, level, noise, target);
            if (max.isPresent() && target.isPresent() && max.getAsDouble() < target.getAsDouble()) {
                f.problems().add(f.where("max_epsilon"), f.at("max_epsilon"), f.at("max_epsilon") + " ("
                        + max.getAsDouble() + ") is below " + f.at("target_epsilon") + " (" + target.getAsDouble()
                        + "): the budget would end the federation before training reaches the epsilon the noise is"
                        + " calibrated for");
            }
            if (adaptive.isPresent() && level == PrivacySettings.Level.RECORD) {
                f.problems().add(f.where("adaptive_clipping"), f.at("adaptive_clipping"), f.at("adaptive_clipping")
                        + " applies to client-level DP only, and " + f.at("level") + " is record");
            }
        }
        if (level == PrivacySettings.Level.CLIENT) {
            checkStrategies(plan, f, tasks);
            checkDelta(f, delta, collaborators);
        }
        return new PrivacySettings(level, noise, target, clip, delta, max, accountant, adaptive);
    }

    private static OptionalDouble optional(Fields f, String key) {
        return f.has(key) ? OptionalDouble.of(f.number(key, null, x -> x > 0, "> 0")) : OptionalDouble.empty();
    }

    private static void checkNoise(Fields f, PrivacySettings.Level level, OptionalDouble noise, OptionalDouble target) {
        if (noise.isPresent() && target.isPresent()) {
            f.problems().add(f.where("target_epsilon"), f.at("target_epsilon"), f.at("noise_multiplier") + " and "
                    + f.at("target_epsilon") + " are both set: give exactly one (noise_multiplier fixes the noise,"
                    + " target_epsilon calibrates it)");
        } else if (noise.isEmpty() && target.isEmpty()) {
            f.problems().add(f.where("level"), f.at("level"), f.at("level") + " is " + level.planName() + ": set "
                    + f.at("noise_multiplier") + " or " + f.at("target_epsilon"));
        }
    }

    private static Optional<PrivacySettings.AdaptiveClipping> adaptive(Fields f) {
        if (!f.has("adaptive_clipping")) {
            return Optional.empty();
        }
        Fields a = f.child("adaptive_clipping");
        a.onlyKeys(ADAPTIVE_KEYS);
        double quantile = a.number("target_unclipped_quantile", PrivacySettings.AdaptiveClipping.DEFAULT_QUANTILE,
                x -> x >= 0 && x <= 1, "between 0 and 1");
        double rate = a.number("learning_rate", PrivacySettings.AdaptiveClipping.DEFAULT_LEARNING_RATE, x -> x > 0,
                "> 0");
        OptionalDouble stddev = optional(a, "clipped_count_stddev");
        return Optional.of(new PrivacySettings.AdaptiveClipping(quantile, rate, stddev));
    }

    private static void checkStrategies(Fields plan, Fields f, Map<String, TaskSpec> tasks) {
        for (TaskSpec task : tasks.values()) {
            String strategy = task.aggregationType().template();
            if (UNBOUNDED_STRATEGIES.contains(strategy)) {
                String path = "tasks." + task.name() + ".aggregation_type.template";
                plan.problems().add(origin(plan, "tasks", task.name(), "aggregation_type", "template"), path, path
                        + " " + strategy + " cannot be combined with " + f.at("level") + " client: one"
                        + " collaborator's effect on it cannot be bounded, so no noise makes it differentially"
                        + " private; use WeightedAverage or a server optimiser (FedAvgM, FedAdam ...)");
            }
        }
    }

    private static void checkDelta(Fields f, double delta, List<String> collaborators) {
        DeltaCheck check = DeltaCheck.of(delta, collaborators.size(), "collaborators");
        if (check.verdict() == DeltaCheck.Verdict.REFUSE) {
            f.problems().add(f.where("target_delta"), f.at("target_delta"), check.message());
        } else if (check.verdict() == DeltaCheck.Verdict.WARN) {
            LOG.warn("{}", check.message());
        }
    }

    /**
     * Client level against the aggregator's settings: central DP-FedAvg clips each update, so the aggregator
     * must see every update whole: not masked (secure aggregation shows it only the sum; distributed DP, with
     * each site adding its share of the noise, does not exist yet), and not staged on disk (combined a tile of
     * coordinates at a time, which cannot know an update's norm).
     */
    static void checkAggregator(Fields root, PrivacySettings privacy, AggregatorSettings aggregator) {
        if (privacy.level() != PrivacySettings.Level.CLIENT) {
            return;
        }
        if (aggregator.secureAggregation().enabled()) {
            root.problems().add(origin(root, "aggregator", "settings", "secure_aggregation"),
                    "aggregator.settings.secure_aggregation", "aggregator.settings.secure_aggregation: true cannot"
                            + " run with privacy.settings.level client: the aggregator clips and noises each"
                            + " collaborator's update, and secure aggregation hides every update but the sum"
                            + " (distributed DP, where each site adds its share of the noise, is not built yet): turn"
                            + " one of them off, or use privacy.settings.level record");
        }
        if (aggregator.updateStaging() == UpdateStaging.DISK) {
            root.problems().add(origin(root, "aggregator", "settings", "update_staging"),
                    "aggregator.settings.update_staging", "aggregator.settings.update_staging: disk cannot run with"
                            + " privacy.settings.level client: clipping needs each whole update's norm, and disk"
                            + " staging combines a tile of coordinates at a time; use memory or auto");
        }
    }

    /** The position of the node at {@code keys} below the plan root, or of the deepest one that exists. */
    private static Origin origin(Fields plan, String... keys) {
        YNode at = plan.map();
        for (String key : keys) {
            if (at instanceof YNode.YMap m && m.get(key) != null) {
                at = m.get(key);
            }
        }
        return at.origin();
    }
}
