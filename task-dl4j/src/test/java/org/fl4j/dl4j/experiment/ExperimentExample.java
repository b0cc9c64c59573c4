package org.fl4j.dl4j.experiment;

import org.fl4j.collaborator.data.LabeledData;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The example of docs/java-api.md: keras_cnn_mnist federated over 2 in-process collaborators for 3 rounds on
 * the embedded MNIST digits, then the final model used as a plain DL4J network. Run it with
 * {@code task-dl4j/run.sh org.fl4j.dl4j.experiment.ExperimentExample}.
 */
public final class ExperimentExample {

    private ExperimentExample() {
    }

    public static void main(String[] args) throws Exception {
        FederatedDataSet mnist = FederatedDataSet.embeddedMnist();

        ExperimentResult result = Experiment.builder()
                .template("keras_cnn_mnist")
                .collaborators(2)
                .data(mnist)
                .override("aggregator.settings.rounds_to_train", 3)
                .run();

        System.out.println("aggregated validation accuracy by round: "
                + result.history("aggregated_model_validation", "accuracy"));
        System.out.println("locally tuned validation accuracy by round: "
                + result.history("locally_tuned_model_validation", "accuracy"));

        LabeledData valid = mnist.all().validation();
        INDArray digits = Nd4j.create(valid.features(), new long[] {valid.size(), 1, 28, 28}, 'c');
        INDArray predicted = result.network().output(digits).argMax(1);
        int correct = 0;
        for (int i = 0; i < valid.size(); i++) {
            correct += predicted.getInt(i) == valid.labels()[i] ? 1 : 0;
        }
        System.out.printf("final model: %d of %d validation digits right (round %d)%n", correct, valid.size(),
                result.lastModel().round());
    }
}
