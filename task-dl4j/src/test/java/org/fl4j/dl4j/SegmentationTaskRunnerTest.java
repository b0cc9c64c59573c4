package org.fl4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.segmentation.SegmentationData;
import org.fl4j.collaborator.data.segmentation.SegmentationLoader;
import org.fl4j.collaborator.data.segmentation.SegmentationSplit;
import org.fl4j.dl4j.segmentation.DiceBceLoss;
import org.fl4j.dl4j.segmentation.SegmentationBatches;
import org.fl4j.plan.Settings;
import org.fl4j.workspace.WorkspaceCreator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** The dl4j_unet_2d template's U-Net on tiny synthetic slices. */
class SegmentationTaskRunnerTest {

    @TempDir
    Path dir;

    private ModelSpec unet(Path ws) throws Exception {
        return Models.build(Models.Kind.SEGMENTATION, ws, new Settings("task_runner.settings",
                Map.of("model_class", "unet.SmallUNet", "code_dir", "code")), 0);
    }

    private static SegmentationSplit slices(Path ws) throws Exception {
        return SegmentationLoader.load(ws, "one", "1", new Settings("data_loader.settings", Map.of("format",
                "synthetic_mri", "image_size", 16, "subjects", 3, "slices_per_subject", 4)), 0);
    }

    @Test
    void score_ofTheCnnLossLayer_isTheLossPerPixelTimesPixels() throws Exception {
        Path ws = WorkspaceCreator.create(dir, Path.of("ws"), "dl4j_unet_2d");
        ModelSpec spec = unet(ws);
        DataSet batch = new SegmentationBatches(slices(ws).train(), 4).inOrder().get(0);

        double perPixel = DiceBceLoss.meanLoss(batch.getLabels(), spec.network().output(batch.getFeatures()));

        // what SegmentationTaskRunner divides DL4J's score by to report the loss
        assertThat(spec.network().score(batch) / (16 * 16)).isCloseTo(perPixel, within(1e-4 * perPixel));
    }

    @Test
    void new_imagesWithMoreChannelsThanTheModel_errorNamesDataAndModel() throws Exception {
        Path ws = WorkspaceCreator.create(dir, Path.of("ws"), "dl4j_unet_2d");
        SegmentationData one = slices(ws).train();
        float[] two = new float[one.images().length * 2];
        SegmentationData rgb = new SegmentationData("two-channel slices", 2, one.height(), one.width(), two,
                one.masks(), "tumour");

        assertThatThrownBy(() -> new SegmentationTaskRunner("one", unet(ws), new SegmentationSplit(rgb, rgb),
                Settings.empty(), 0)).isInstanceOf(DataException.class).hasMessageContaining("two-channel slices")
                .hasMessageContaining("unet.SmallUNet");
    }
}
