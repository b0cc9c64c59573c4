package org.fl4j.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code compression_pipeline}: template {@code fl4j.NoCompression} (no settings) or
 * {@code fl4j.Compression} with {@code upload} and {@code download} lists of stages, {@code error_feedback} and
 * {@code download_delta_rounds}.
 * A stage is a name ({@code lz4}) or a one-key mapping of the name to its settings
 * ({@code int8_blockwise: {block: 256}}). The stages mirror the wire's codec registry: one float stage first
 * (fp16, bf16, int8_blockwise, nf4, topk), then lossless ones (lz4). Also checks the pipeline against the rest
 * of the plan: top-k sparsification cannot run under secure aggregation.
 */
final class CompressionSection {

    static final String TEMPLATE = "fl4j.Compression";
    static final String TOPK = "topk";
    static final List<String> KEYS = List.of("upload", "download", "error_feedback",
            "download_delta_rounds");
    static final List<String> FLOAT_STAGES = List.of("fp16", "bf16", "int8_blockwise", "nf4", TOPK);
    static final List<String> BYTE_STAGES = List.of("lz4");
    static final List<String> STAGES = List.of("fp16", "bf16", "int8_blockwise", "nf4", TOPK, "lz4");

    private CompressionSection() {
    }

    static CompressionSettings read(Fields root, Component component) {
        Fields s = root.child("compression_pipeline").child("settings");
        if (!TEMPLATE.equals(component.template())) {
            if (PlanReader.NO_COMPRESSION.equals(component.template())) {
                for (String key : s.map().entries().keySet()) {
                    s.problems().add(s.map().keyOrigin(key), s.at(key), s.at(key) + ": " + PlanReader.NO_COMPRESSION
                            + " takes no settings (set compression_pipeline.template: " + TEMPLATE + ")");
                }
            }
            return CompressionSettings.NONE;
        }
        s.onlyKeys(KEYS);
        List<CompressionSettings.Stage> upload = stages(s, "upload", true);
        List<CompressionSettings.Stage> download = stages(s, "download", false);
        boolean feedback = s.bool("error_feedback", true);
        int max = CompressionSettings.MAX_DOWNLOAD_DELTA_ROUNDS;
        long deltaRounds = s.integer("download_delta_rounds", 0L, x -> x >= 0 && x <= max, "between 0 and " + max);
        return new CompressionSettings(upload, download, feedback,
                deltaRounds >= 0 && deltaRounds <= max ? (int) deltaRounds : 0);
    }

    private static List<CompressionSettings.Stage> stages(Fields s, String key, boolean upload) {
        List<CompressionSettings.Stage> out = new ArrayList<>();
        YNode n = s.map().get(key);
        if (!s.has(key)) {
            return out;
        }
        if (!(n instanceof YNode.YList list)) {
            s.problems().add(n.origin(), s.at(key), s.at(key) + ": expected a list of stages, found " + n.describe());
            return out;
        }
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            String at = s.at(key) + "[" + i + "]";
            CompressionSettings.Stage stage = stage(item, at, s.problems());
            if (stage == null) {
                continue;
            }
            if (FLOAT_STAGES.contains(stage.name()) && i > 0) {
                s.problems().add(item.origin(), at, at + ": " + stage.name() + " turns float values into bytes and"
                        + " must be the first stage of " + s.at(key));
            } else if (stage.name().equals(TOPK) && !upload) {
                s.problems().add(item.origin(), at, at + ": topk cannot compress downloads: what it drops would be"
                        + " lost from the global model (use it in " + s.at("upload") + ")");
            }
            out.add(stage);
        }
        return out;
    }

    private static CompressionSettings.Stage stage(YNode item, String at, Problems problems) {
        String name;
        Fields settings;
        if (item instanceof YNode.YScalar sc && sc.value() instanceof String text) {
            name = text;
            settings = new Fields(YNode.YMap.empty(item.origin()), at + "." + text, problems);
        } else if (item instanceof YNode.YMap m && m.entries().size() == 1) {
            name = m.entries().keySet().iterator().next();
            settings = new Fields(m, at, problems).child(name);
        } else {
            problems.add(item.origin(), at, at + ": expected a stage name or a mapping of one stage name to its"
                    + " settings, found " + item.describe());
            return null;
        }
        if (!STAGES.contains(name)) {
            problems.add(item.origin(), at, at + ": unknown stage '" + name + "' (stages: " + String.join(", ", STAGES)
                    + ")" + Suggest.hint(name, STAGES));
            return null;
        }
        return switch (name) {
            case "int8_blockwise" -> block(settings, name, 256);
            case "nf4" -> block(settings, name, 64);
            case TOPK -> {
                settings.onlyKeys(List.of("fraction"));
                double f = settings.number("fraction", 0.01, x -> x > 0 && x <= 1, "in (0, 1]");
                long perMillion = Math.max(1, Math.min(1_000_000, Math.round(f * 1_000_000)));
                yield new CompressionSettings.Stage(name, Map.of("per_million", perMillion));
            }
            default -> {
                settings.onlyKeys(List.of());
                yield new CompressionSettings.Stage(name, Map.of());
            }
        };
    }

    private static CompressionSettings.Stage block(Fields settings, String name, int fallback) {
        settings.onlyKeys(List.of("block"));
        long block = settings.integer("block", (long) fallback, x -> x >= 8 && x <= 65536, "between 8 and 65536");
        return new CompressionSettings.Stage(name, Map.of("block", block >= 8 && block <= 65536 ? block : fallback));
    }

    /** Refuses upload stages under secure aggregation and top-k uploads of whole weights, naming both settings. */
    static void check(Fields root, AggregatorSettings aggregator, CollaboratorSettings collaborator,
            CompressionSettings c) {
        if (c.sparseUpload() && !collaborator.deltaUpdates()) {
            YNode at = root.map().get("compression_pipeline");
            root.problems().add(at != null ? at.origin() : root.map().origin(), "compression_pipeline.settings.upload",
                    "compression_pipeline.settings.upload: topk needs collaborator.settings.delta_updates: true: it"
                            + " sends a few values of each chunk, and the weights it leaves out would arrive as 0");
        }
        if (!c.upload().isEmpty() && aggregator.secureAggregation().enabled()) {
            YNode at = root.map().get("compression_pipeline");
            String stages = String.join(", ", c.upload().stream().map(CompressionSettings.Stage::name).toList());
            root.problems().add(at != null ? at.origin() : root.map().origin(), "compression_pipeline.settings.upload",
                    "compression_pipeline.settings.upload: [" + stages + "] cannot run with"
                            + " aggregator.settings.secure_aggregation: true: a masked update travels as the integer"
                            + " words secure aggregation quantised it to (secure_aggregation_settings.bits), which"
                            + (c.sparseUpload() ? " need every coordinate of every update, while top-k sends only some"
                                    : " no upload stage may change")
                            + " (keep the download stages, drop the upload ones, or turn secure aggregation off)");
        }
    }
}
