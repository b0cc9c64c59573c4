package org.fl4j.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code fx plan import-openfl}: turns an OpenFL workspace's plan ({@code plan/plan.yaml} with its
 * {@code openfl.*} templates and {@code plan/defaults}) into an fl4j plan, {@code plan/fl4j.yaml}, made the
 * workspace's current plan ({@code plan/.current}), so {@code fx aggregator start} runs the federation in the
 * OpenFL workspace as it is: OpenFL's plan, cols.yaml, data.yaml, {@code cert/} and {@code save/*.pbuf} stay
 * untouched, and OpenFL's collaborators keep using them. The fl4j plan carries OpenFL's federation and
 * aggregator uuids (computed as OpenFL computes them from its plan, see {@link OpenFlPlan}) and OpenFL's port
 * for {@code agg_port: auto}. Every OpenFL setting fl4j cannot map is named in {@link Result#notMapped()}
 * with its file, line and column; settings that would make the federation behave otherwise than OpenFL's
 * (single-collaborator certificates, custom task functions or aggregation functions) are problems.
 */
public final class OpenFlImport {

    /** Where the fl4j plan is written, relative to the workspace. */
    public static final String FL4J_PLAN = "plan/fl4j.yaml";
    static final String CHECKPOINT = "save/fl4j_checkpoint.fl4j";

    /** The outcome: the plan written (already read back and validated) and what was left out. */
    public record Result(Path planFile, Plan plan, String federationUuid, String aggregatorUuid, int port,
            List<String> notMapped) {
    }

    private final List<String> notMapped = new ArrayList<>();
    private final Problems problems = new Problems();

    private OpenFlImport() {
    }

    /**
     * Imports the OpenFL plan of {@code workspace} ({@code plan/plan.yaml}). {@code federationUuid}, when given,
     * replaces the computed one (for an OpenFL version that hashes its plan differently).
     *
     * @throws PlanException naming every problem (nothing is written then)
     */
    public static Result run(Path workspace, Optional<String> federationUuid) {
        Path ws = workspace.toAbsolutePath().normalize();
        OpenFlImport importer = new OpenFlImport();
        Optional<OpenFlPlan> openfl = OpenFlPlan.read(ws, ws.resolve(PlanFiles.DEFAULT_PLAN), importer.problems);
        importer.problems.throwIfAny();
        OpenFlPlan source = openfl.orElseThrow();
        String uuid = federationUuid.orElse(source.federationUuid());
        Map<String, Object> plan = importer.map(source, uuid);
        importer.problems.throwIfAny();
        Path file = ws.resolve(FL4J_PLAN);
        try {
            Files.writeString(file, header(source, uuid) + yaml(plan), StandardCharsets.UTF_8);
            Files.writeString(ws.resolve(PlanFiles.CURRENT_POINTER), FL4J_PLAN + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        Plan read = PlanReader.read(ws);
        return new Result(file, read, uuid, "aggregator_" + uuid, read.aggregatorPort(),
                List.copyOf(importer.notMapped));
    }

    private Map<String, Object> map(OpenFlPlan source, String uuid) {
        YNode.YMap root = source.merged;
        Map<String, Object> out = new LinkedHashMap<>();
        OpenFlSections sections = new OpenFlSections(root, problems, notMapped);
        for (String section : root.entries().keySet()) {
            if (!OpenFlSections.KNOWN.contains(section)) {
                notMapped.add(root.keyOrigin(section) + ": section " + section + " (fl4j has no such section)");
            }
        }
        out.put("aggregator", sections.aggregator());
        out.put("collaborator", sections.collaborator());
        out.put("network", sections.network(source.autoPort()));
        out.put("assigner", sections.assigner());
        Map<String, String> functions = new LinkedHashMap<>();
        out.put("tasks", sections.tasks(functions));
        out.put("straggler_handling_policy", sections.straggler());
        out.put("data_loader", sections.verbatim("data_loader"));
        out.put("task_runner", sections.verbatim("task_runner"));
        out.put("compression_pipeline", sections.compression());
        Map<String, Object> openfl = new LinkedHashMap<>();
        openfl.put("template", OpenFlSettings.TEMPLATE);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("federation_uuid", uuid);
        settings.put("aggregator_uuid", "aggregator_" + uuid);
        settings.put("task_functions", functions);
        openfl.put("settings", settings);
        out.put("openfl", openfl);
        return out;
    }

    private static String header(OpenFlPlan source, String uuid) {
        return "# Written by fx plan import-openfl from OpenFL's plan/plan.yaml (SHA-384 " + source.hash.substring(0, 16)
                + "...): OpenFL's federation " + uuid + " run by fl4j.\n# Edit plan/plan.yaml, not this file, and"
                + " import again: OpenFL's collaborators derive the federation uuid from plan/plan.yaml.\n";
    }

    private static String yaml(Map<String, Object> plan) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        return new Yaml(options).dump(plan);
    }
}
