package org.fl4j.collaborator.upload;

import java.nio.file.Path;
import java.util.List;
import org.fl4j.plan.CompressionSettings;
import org.fl4j.plan.Plan;
import org.fl4j.protocol.codec.Pipeline;

/**
 * How a site sends its training results.
 *
 * @param pipeline the upload codec pipeline, null for raw float32 (with {@code delta}: fp32 differences)
 * @param delta send the difference to the round's global model ({@code collaborator.settings.delta_updates})
 * @param errorFeedback keep what the lossy stage dropped and add it to the next update (deltas only)
 * @param residualFile where the residual is kept between rounds and restarts; null keeps it in memory only
 */
public record UploadCompression(Pipeline pipeline, boolean delta, boolean errorFeedback, Path residualFile) {

    /** Raw weights, as before compression existed. */
    public static final UploadCompression NONE = new UploadCompression(null, false, false, null);

    /** The plan's upload settings, without a residual file (see {@link #withResidualFile}). */
    public static UploadCompression fromPlan(Plan plan) {
        CompressionSettings c = plan.compression();
        Pipeline p = c.upload().isEmpty() ? null : pipeline(c.upload());
        boolean delta = plan.collaborator().deltaUpdates();
        return new UploadCompression(p, delta, delta && p != null && !p.lossless() && c.errorFeedback(), null);
    }

    /** The codec pipeline of the plan's stages. */
    public static Pipeline pipeline(List<CompressionSettings.Stage> stages) {
        return Pipeline.of(stages.stream().map(s -> new Pipeline.StageSpec(s.name(), s.params())).toList());
    }

    /** The residual file of {@code collaborator} in {@code workspace}: {@code save/residual_<name>.fl4j}. */
    public UploadCompression withResidualFile(Path workspace, String collaborator) {
        return new UploadCompression(pipeline, delta, errorFeedback,
                workspace.resolve("save").resolve("residual_" + collaborator + ".fl4j"));
    }

    public boolean none() {
        return pipeline == null && !delta;
    }
}
