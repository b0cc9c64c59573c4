package org.fl4j.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.fl4j.plan.OptTreatment;
import org.fl4j.plan.Plan;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;

/**
 * The round-0 model of a plan, built from the plan and the workspace's model definition alone (no data),
 * with its provenance: plan hash, seed, runner template, model source, fl4j and DL4J versions. With
 * {@code opt_treatment: CONTINUE_GLOBAL} it also holds the optimizer state (zeros), which then travels and is
 * averaged with the weights.
 */
public final class InitialModels {

    private InitialModels() {
    }

    /** Builds the round-0 model of the plan. */
    public static SavedModel build(Path workspace, Plan plan) throws IOException {
        Models.Kind kind = Models.Kind.ofTemplate(plan.taskRunner().template());
        long seed = plan.aggregator().seed();
        ModelSpec spec = Models.build(kind, workspace, plan.taskRunner().settings(), seed);
        String source = kind == Models.Kind.JAVA || kind == Models.Kind.SEGMENTATION ? spec.source() : workspace.toAbsolutePath().normalize().relativize(
                Path.of(spec.source()).toAbsolutePath().normalize()).toString().replace('\\', '/');
        return of(plan, spec, kind.template(), source);
    }

    /** The round-0 model of {@code plan} holding the weights of an already built model. */
    public static SavedModel of(Plan plan, ModelSpec spec, String taskRunner, String modelSource) {
        OptimizerState.reset(spec.network());
        List<Tensor> tensors = new ArrayList<>(Tensors.export(spec.network().params()));
        if (plan.collaborator().optTreatment() == OptTreatment.CONTINUE_GLOBAL) {
            tensors.addAll(Tensors.export(OptimizerState.views(spec.network())));
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("plan_hash", plan.hash());
        provenance.put("seed", Long.toString(plan.aggregator().seed()));
        provenance.put("task_runner", taskRunner);
        provenance.put("model", modelSource);
        provenance.putAll(versions());
        return new SavedModel(0, provenance, new ModelWeights(tensors));
    }

    /** Builds the round-0 model and writes it (atomically) to the plan's {@code init_state_path}. */
    public static Path write(Path workspace, Plan plan) throws IOException {
        Path target = workspace.resolve(plan.aggregator().initStatePath());
        ModelFile.write(target, build(workspace, plan));
        return target;
    }

    /** {@code fl4j_version} and {@code dl4j_version}, as built. */
    public static Map<String, String> versions() {
        Properties p = new Properties();
        try (InputStream in = InitialModels.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // versions stay "unknown"
        }
        return Map.of("fl4j_version", p.getProperty("fl4j", "unknown"), "dl4j_version",
                p.getProperty("dl4j", "unknown"));
    }
}
