package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's medical workloads and the federated evaluation of several models, each through the demo script:
 * separate processes in separate folders that exchange only the workspace archive and certificate packages,
 * on the templates' shipped (SYNTHETIC) data.
 */
class FederationDemoTemplatesIT {

    @TempDir
    Path tmp;

    /** Each round's aggregated validation value of {@code metric}, in order. */
    private static List<Double> rounds(String output, String metric) {
        Matcher m = Pattern.compile("round (\\d+) +aggregated validation " + metric + " \\S*?([0-9.]+)")
                .matcher(output);
        List<Double> values = new ArrayList<>();
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(values.size());
            values.add(Double.parseDouble(m.group(2)));
        }
        return values;
    }

    private DemoScript.Run demo(String... args) throws Exception {
        DemoScript.Run run = DemoScript.run(tmp, 20, args);
        assertThat(run.finished()).as("demo finished in time:%n%s", run.output()).isTrue();
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run;
    }

    @Test
    void demoScript_unet_segmentsTheSyntheticTumoursAfterOneRound() throws Exception {
        DemoScript.Run run = demo("--template", "dl4j_unet_2d", "--rounds", "2", "--dir", tmp.resolve("demo")
                .toString());

        List<Double> dice = rounds(run.output(), "dice_tumour");
        assertThat(dice).as(run.output()).hasSize(2);
        // round 0 validates the initial model (no tumour found); after one round of training the U-Net segments
        // (Dice 0.81 in a 5-round demo run, 0.89 after 5)
        assertThat(dice.get(0)).as(run.output()).isLessThan(0.2);
        assertThat(dice.get(1)).as(run.output()).isGreaterThan(0.5);
        assertThat(run.output()).containsPattern("Best model: .*dl4j_unet_2d_best.fl4j \\(round 1, dice_tumour 0\\.");
    }

    @Test
    void demoScript_histology_learnsTheEightTissueClasses() throws Exception {
        DemoScript.Run run = demo("--template", "dl4j_cnn_histology", "--rounds", "2", "--dir", tmp.resolve("demo")
                .toString());

        List<Double> accuracy = rounds(run.output(), "accuracy");
        assertThat(accuracy).as(run.output()).hasSize(2);
        // 8 classes: chance is 0.125; one round of 4 augmented epochs on each site's tiles
        assertThat(accuracy.get(1)).as(run.output()).isGreaterThan(0.4);
    }

    @Test
    void demoScript_fedEvalOfTwoCandidates_everySiteScoresBothAndTheTrainedModelRanksFirst() throws Exception {
        Path dir = tmp.resolve("demo");
        DemoScript.Run run = demo("--template", "fed_eval_mnist", "--dir", dir.toString(), "--set",
                "task_runner.settings.candidates=[code/keras_cnn_mnist_trained.fl4j, code/keras_cnn_mnist_early.fl4j]");

        assertThat(run.output()).containsPattern("1\\. keras_cnn_mnist_trained: accuracy 0\\.9")
                .containsPattern("2\\. keras_cnn_mnist_early: accuracy 0\\.[78]")
                .contains("Federation finished");
        List<String> csv = Files.readAllLines(dir.resolve("aggregator-site/fed_eval_mnist_fed/logs/candidates.csv"));
        assertThat(csv.get(0)).isEqualTo("site,samples,model,metric,value");
        for (String site : List.of("one", "two", "aggregate")) {
            for (String model : List.of("keras_cnn_mnist_trained", "keras_cnn_mnist_early")) {
                assertThat(csv).as("%s scored %s", site, model)
                        .anyMatch(l -> l.startsWith(site + ",") && l.contains("," + model + ",accuracy,"));
            }
        }
    }
}
