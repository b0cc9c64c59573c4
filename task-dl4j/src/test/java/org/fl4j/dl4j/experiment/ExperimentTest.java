package org.fl4j.dl4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.fl4j.collaborator.data.IdxDataSets;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.dl4j.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ExperimentTest {

    @TempDir
    Path dir;

    private static FederatedDataSet firstDigits(int train, int valid) throws IOException {
        LocalData all = IdxDataSets.embeddedMnist();
        return FederatedDataSet.of(first(all.train(), train), first(all.validation(), valid));
    }

    private static LabeledData first(LabeledData d, int n) {
        return d.subset(java.util.stream.IntStream.range(0, n).toArray(), d.source());
    }

    @Test
    void kerasCnn_twoCollaboratorsTwoRounds_learnsAndReturnsModelAndHistory() throws Exception {
        FederatedDataSet data = firstDigits(2000, 400);

        ExperimentResult r = Experiment.builder()
                .template("keras_cnn_mnist")
                .collaborators(2)
                .data(data)
                .override("aggregator.settings.rounds_to_train", 2)
                .override("tasks.train.kwargs.epochs", 2)
                .workDir(dir)
                .run();

        assertThat(r.history("aggregated_model_validation", "accuracy")).hasSize(2);
        assertThat(r.history("train", "loss")).hasSize(2);
        assertThat(r.last("locally_tuned_model_validation", "accuracy").orElseThrow()).isGreaterThan(0.8);
        assertThat(r.lastModel().round()).isEqualTo(2);
        assertThat(r.metrics()).anyMatch(m -> m.origin().equals("col2"));
        assertThat(accuracy(r.network(), data.all().validation())).isGreaterThan(0.8);
    }

    @Test
    void unknownTemplate_isRefusedNamingIt() {
        assertThatThrownBy(() -> Experiment.builder().template("torch_cnn").workDir(dir).run())
                .hasMessageContaining("torch_cnn");
    }

    static double accuracy(Network network, LabeledData valid) {
        INDArray x = Nd4j.create(valid.features(), new long[] {valid.size(), 1, 28, 28}, 'c');
        INDArray predicted = network.output(x).argMax(1);
        int correct = 0;
        for (int i = 0; i < valid.size(); i++) {
            if (predicted.getInt(i) == valid.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / valid.size();
    }
}
