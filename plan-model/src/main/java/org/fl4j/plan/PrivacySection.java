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
        return privacy(plan, tasks, collaborators, false);
    }

    /**
     * @param secureAggregation whether the plan enables secure aggregation: client level is then distributed DP,
     *     whose accountant defaults to rdp (see {@link #checkAggregator})
     */
    static PrivacySettings privacy(Fields plan, Map<String, TaskSpec> tasks, List<String> collaborators,
            boolean secureAggregation) {
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
        boolean distributed = secureAggregation && level == PrivacySettings.Level.CLIENT;
        String accountantName = f.choice("accountant", (distributed ? PrivacySettings.Accountant.RDP
                : PrivacySettings.Accountant.PLD).planName(), accountants);
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
     * Client level against the aggregator's settings. The aggregator must see every update whole unless the
     * sites add the noise: not staged on disk (combined a tile of coordinates at a time, which cannot know an
     * update's norm). With secure aggregation, client level is distributed DP (each site clips, encodes and
     * noises its update before masking), which refuses what needs one site's update or figures in clear or
     * contradicts its encoding: adaptive clipping (each site's clip bit), the pld accountant (the sum of discrete
     * Gaussians has a Rényi bound only), and the per-coordinate clip_range, bits and weight_cap of secure
     * aggregation (the sites clip in L2 to clip_norm, the noise budget fixes the scale, every site counts 1).
     */
    static void checkAggregator(Fields root, PrivacySettings privacy, AggregatorSettings aggregator) {
        if (privacy.level() != PrivacySettings.Level.CLIENT) {
            return;
        }
        if (aggregator.secureAggregation().enabled()) {
            checkDistributed(root, privacy, aggregator);
        }
        if (aggregator.updateStaging() == UpdateStaging.DISK) {
            root.problems().add(origin(root, "aggregator", "settings", "update_staging"),
                    "aggregator.settings.update_staging", "aggregator.settings.update_staging: disk cannot run with"
                            + " privacy.settings.level client: clipping needs each whole update's norm, and disk"
                            + " staging combines a tile of coordinates at a time; use memory or auto");
        }
    }

    private static void checkDistributed(Fields root, PrivacySettings privacy, AggregatorSettings aggregator) {
        String with = " cannot run with privacy.settings.level client and aggregator.settings.secure_aggregation:"
                + " true (distributed DP: each site clips, encodes and noises its own update before masking)";
        if (privacy.adaptiveClipping().isPresent()) {
            root.problems().add(origin(root, "privacy", "settings", "adaptive_clipping"),
                    "privacy.settings.adaptive_clipping", "privacy.settings.adaptive_clipping" + with + ": it needs"
                            + " each site's clipped-or-not bit in clear, which secure aggregation hides; remove"
                            + " adaptive_clipping (the clip norm stays fixed), or turn secure aggregation off");
        }
        if (privacy.accountant() == PrivacySettings.Accountant.PLD) {
            root.problems().add(origin(root, "privacy", "settings", "accountant"), "privacy.settings.accountant",
                    "privacy.settings.accountant: pld" + with + ": the sum of the sites' discrete Gaussian"
                            + " noise has a Rényi DP bound (Kairouz, Liu, Steinke 2021), not a privacy loss"
                            + " distribution; use accountant: rdp (the default here)");
        }
        SecureAggregationSettings secure = aggregator.secureAggregation();
        String settings = SecureAggregationSection.SETTINGS;
        // a frozen plan spells every default out: only values other than the default are a contradiction
        Map<String, Boolean> changed = new java.util.LinkedHashMap<>();
        changed.put("clip_range", secure.clipRange() != SecureAggregationSettings.DEFAULT_CLIP_RANGE);
        changed.put("bits", secure.bits().isPresent());
        changed.put("weight_cap", secure.weightCap() != SecureAggregationSettings.DEFAULT_WEIGHT_CAP);
        for (Map.Entry<String, Boolean> e : changed.entrySet()) {
            if (!e.getValue()) {
                continue;
            }
            String key = e.getKey();
            String path = "aggregator.settings." + settings + "." + key;
            root.problems().add(origin(root, "aggregator", "settings", settings, key), path, path + with + ": "
                    + switch (key) {
                        case "clip_range" -> "the sites clip each update in L2 to privacy.settings.clip_norm, not"
                                + " each coordinate";
                        case "bits" -> "the scale of the integers follows from the noise and the number of sites";
                        default -> "every site counts with weight 1 and the sum is divided by the fixed number of"
                                + " sites, whatever their sample counts";
                    } + "; remove it");
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
