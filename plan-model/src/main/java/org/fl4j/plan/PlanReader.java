package org.fl4j.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates a plan. Each section's {@code defaults} file is merged under the plan's own values,
 * then the overrides are applied by dotted path ({@code aggregator.settings.rounds_to_train=5}; text values
 * are read as YAML, so {@code 5} is a number and {@code [a, b]} a list), then everything is checked, down to
 * the values this build of fl4j can run ({@link RuntimeSupport}). Every problem found is reported in one
 * {@link PlanException}.
 */
public final class PlanReader {

    static final List<String> SECTIONS = List.of("aggregator", "collaborator", "network", "assigner", "tasks",
            "straggler_handling_policy", "data_loader", "task_runner", "compression_pipeline", "privacy",
            "openfl");
    static final String NO_COMPRESSION = "fl4j.NoCompression";

    private PlanReader() {
    }

    /** The workspace's current plan with its cols.yaml and data.yaml. */
    public static Plan read(Path workspace) {
        return read(PlanFiles.of(workspace), Map.of());
    }

    /** The given files (null for the defaults), without overrides. */
    public static Plan read(Path workspace, Path planFile, Path colsFile, Path dataFile) {
        return read(PlanFiles.of(workspace, planFile, colsFile, dataFile), Map.of());
    }

    /**
     * Reads the plan, applying {@code overrides} (dotted path to value; a String value is read as YAML) in
     * iteration order.
     *
     * @throws PlanException listing every problem found
     */
    public static Plan read(PlanFiles files, Map<String, ?> overrides) {
        Problems problems = new Problems();
        Optional<YNode.YMap> tree = new PlanTree(files, problems).build(overrides);
        List<String> cols = SiteFiles.collaborators(files.cols(), files.display(files.cols()), problems);
        Map<String, String> data = SiteFiles.dataPaths(files.data(), files.display(files.data()), problems);
        if (tree.isEmpty()) {
            problems.throwIfAny();
        }
        Plan plan = map(tree.get(), cols, data, problems);
        problems.throwIfAny();
        return plan;
    }

    static Plan map(YNode.YMap tree, List<String> cols, Map<String, String> data, Problems problems) {
        Fields root = new Fields(tree, "", problems);
        root.onlyKeys(SECTIONS);
        AggregatorSettings aggregator = CoreSections.aggregator(root);
        CollaboratorSettings collaborator = CoreSections.collaborator(root);
        NetworkSettings network = CoreSections.network(root);
        Map<String, TaskSpec> tasks = TaskSections.tasks(root);
        Assigner assigner = TaskSections.assigner(root, tasks.keySet(), cols);
        StragglerPolicy straggler = TaskSections.straggler(root);
        Component dataLoader = TaskSections.component(root, "data_loader", null);
        Component taskRunner = TaskSections.component(root, "task_runner", null);
        Component compression = TaskSections.component(root, "compression_pipeline", NO_COMPRESSION);
        CompressionSettings compressionSettings = CompressionSection.read(root, compression);
        CompressionSection.check(root, aggregator, collaborator, compressionSettings);
        PrivacySettings privacy = PrivacySection.privacy(root, tasks, cols, aggregator.secureAggregation().enabled());
        checkBestModelTask(root, aggregator, tasks);
        SecureAggregationSection.check(root, aggregator, tasks, cols);
        PrivacySection.checkAggregator(root, privacy, aggregator);
        AggregatorTree aggregators = TreeSection.read(root);
        TreeSection.check(root, aggregators, aggregator, tasks, privacy, assigner);
        Optional<OpenFlSettings> openfl = root.has("openfl") ? Optional.of(OpenFlSettings.read(root))
                : Optional.empty();
        RuntimeSupport.check(tree, problems);
        return new Plan(aggregator, collaborator, network, assigner, tasks, straggler, dataLoader, taskRunner,
                compression, compressionSettings, privacy, aggregators, cols, data, openfl);
    }

    private static void checkBestModelTask(Fields root, AggregatorSettings aggregator, Map<String, TaskSpec> tasks) {
        String task = aggregator.bestModelMetric().task();
        if (!tasks.isEmpty() && !tasks.containsKey(task)) {
            YNode at = root.map();
            for (String key : List.of("aggregator", "settings", "best_model_metric", "task")) {
                if (at instanceof YNode.YMap m && m.get(key) != null) {
                    at = m.get(key);
                }
            }
            String path = "aggregator.settings.best_model_metric.task";
            root.problems().add(at.origin(), path, path + " names task '" + task + "', which is not in tasks"
                    + Suggest.hint(task, tasks.keySet()));
        }
    }
}
