package org.fl4j.dl4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.dl4j.Network;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class SimulationTest {

    @TempDir
    Path dir;

    @Test
    void run_fiftySitesTwoPooledModels_everySiteTrainsAndTheModelLearns() throws Exception {
        SimulationResult r = Simulation.builder()
                .template("dl4j_mlp_mnist")
                .sites(50)
                .threads(2)
                .override("aggregator.settings.rounds_to_train", 2)
                .override("tasks.train.kwargs.epochs", 5)
                .workDir(dir)
                .run();

        ExperimentResult e = r.experiment();
        assertThat(r.threads()).isEqualTo(2);
        assertThat(e.lastModel().round()).isEqualTo(2);
        List<Double> accuracy = e.history("aggregated_model_validation", "accuracy");
        assertThat(accuracy).hasSize(2);
        Set<String> trained = e.metrics().stream().filter(m -> m.round() == 1 && m.task().equals("train")
                && !m.aggregated()).map(Metric::origin).collect(Collectors.toSet());
        assertThat(trained).hasSize(50).contains("site1", "site50");
        // Round 1 validates the random initial model (about 0.1 for 10 classes); each round's FedAvg of 50
        // sites' 25 Adam steps moves the global model about as far as 15 steps on one site would, so after
        // two rounds the global model is well above chance.
        assertThat(accuracy.get(1)).isGreaterThan(accuracy.get(0));
        assertThat(accuracy(e.network(), FederatedDataSet.embeddedMnist().all().validation())).isGreaterThan(0.3);
    }

    @Test
    void run_hundredSitesFivePerRound_onlyTheSampledSitesTrain() throws Exception {
        SimulationResult r = Simulation.builder()
                .sites(100)
                .threads(2)
                .override("assigner.settings.collaborators_per_round", 5)
                .override("aggregator.settings.rounds_to_train", 3)
                .workDir(dir)
                .run();

        ExperimentResult e = r.experiment();
        assertThat(e.lastModel().round()).isEqualTo(3);
        for (long round = 0; round < 3; round++) {
            long current = round;
            assertThat(e.metrics().stream().filter(m -> m.round() == current && m.task().equals("train")
                    && !m.aggregated()).map(Metric::origin).distinct().count()).as("round %d", round).isEqualTo(5);
        }
    }

    @Test
    void run_dirichletShards_runsOnTheSkewedShards() throws Exception {
        SimulationResult r = Simulation.builder()
                .sites(20)
                .threads(1)
                .data(FederatedDataSet.embeddedMnist().withDirichlet(1.0))
                .override("aggregator.settings.rounds_to_train", 1)
                .workDir(dir)
                .run();

        assertThat(r.experiment().history("aggregated_model_validation", "accuracy")).hasSize(1);
    }

    @Test
    void run_recordLevelPrivacy_everySiteTrainsWithDpSgdAndReportsTheAccountantsEpsilon() throws Exception {
        SimulationResult r = Simulation.builder()
                .template("dl4j_mlp_mnist")
                .sites(2)
                .threads(2)
                .override("aggregator.settings.rounds_to_train", 2)
                .override("data_loader.settings.batch_size", 250)
                .override("privacy.settings.level", "record")
                .override("privacy.settings.noise_multiplier", 1.0)
                .workDir(dir)
                .run();

        // 4,000 training digits a site and the data loader's batch size 250: 16 steps a round at q = 1/16.
        ExperimentResult e = r.experiment();
        for (long round = 0; round < 2; round++) {
            long current = round;
            List<Double> spent = e.metrics().stream().filter(m -> m.round() == current && !m.aggregated()
                    && m.task().equals("train") && m.metric().equals("epsilon")).map(Metric::value).toList();
            assertThat(spent).as("round %d", round).hasSize(2)
                    .allSatisfy(v -> assertThat(v).isCloseTo(epsilon(0.0625, 1.0, 16 * (current + 1)), within(1e-9)));
        }
        assertThat(e.epsilonAfter(2)).hasValueCloseTo(epsilon(0.0625, 1.0, 32), within(1e-9));
        assertThat(e.epsilonAfter(0)).isEmpty();
        for (String site : List.of("site1", "site2")) {
            List<String> ledger = Files.readAllLines(dir.resolve("workspace/save/privacy_ledger_" + site + ".txt"))
                    .stream().filter(line -> !line.startsWith("#")).toList();
            assertThat(ledger).hasSize(2).allSatisfy(line -> assertThat(line)
                    .contains(" sampling_rate=0.0625 noise_multiplier=1.0 steps=16 "));
        }
        // The scored last model learnt from the noisy steps: the random initial model is near 0.1.
        assertThat(r.validationRecords()).isEqualTo(2000);
        assertThat(r.lastModelAccuracy()).isGreaterThan(e.history("aggregated_model_validation", "accuracy").get(0)
                + 0.2);
    }

    @Test
    void run_clientLevelPrivacy_epsilonIsTheAggregatorsAfterEachRound() throws Exception {
        SimulationResult r = Simulation.builder()
                .sites(4)
                .threads(2)
                .override("aggregator.settings.rounds_to_train", 2)
                .override("privacy.settings.level", "client")
                .override("privacy.settings.noise_multiplier", 1.0)
                .workDir(dir)
                .run();

        // Every site in every round, so each round is one Gaussian mechanism (q = 1) on the sum of updates.
        ExperimentResult e = r.experiment();
        assertThat(e.epsilonAfter(1)).hasValueCloseTo(epsilon(1, 1.0, 1), within(1e-9));
        assertThat(e.epsilonAfter(2)).hasValueCloseTo(epsilon(1, 1.0, 2), within(1e-9));
    }

    @Test
    void run_clientLevelPrivacyWithPoissonSampling_accountsTheRateAndDrawsEachRoundAnew() throws Exception {
        SimulationResult r = Simulation.builder()
                .template("dl4j_mlp_mnist")
                .sites(40)
                .threads(2)
                .override("aggregator.settings.rounds_to_train", 2)
                .override("assigner.settings.collaborators_per_round", 0.5)
                .override("assigner.settings.poisson_sampling", true)
                .override("privacy.settings.level", "client")
                .override("privacy.settings.noise_multiplier", 1.0)
                .workDir(dir)
                .run();

        // Each site joins a round with probability 1/2 from a secure random source: the accountant composes the
        // Poisson-subsampled Gaussian at q = 0.5, which spends less than the full mechanism of the test above.
        ExperimentResult e = r.experiment();
        assertThat(e.epsilonAfter(1)).hasValueCloseTo(epsilon(0.5, 1.0, 1), within(1e-9));
        assertThat(e.epsilonAfter(2)).hasValueCloseTo(epsilon(0.5, 1.0, 2), within(1e-9));
        assertThat(epsilon(0.5, 1.0, 2)).isLessThan(epsilon(1, 1.0, 2) - 1);
        Set<String> first = trainers(e, 0);
        Set<String> second = trainers(e, 1);
        // 20 expected of 40; the bounds are 4.7 standard deviations out.
        assertThat(first.size()).isBetween(5, 35);
        assertThat(second.size()).isBetween(5, 35);
        assertThat(first).isNotEqualTo(second);
    }

    private static Set<String> trainers(ExperimentResult e, long round) {
        return e.metrics().stream().filter(m -> m.round() == round && m.task().equals("train") && !m.aggregated())
                .map(Metric::origin).collect(Collectors.toSet());
    }

    @Test
    void run_recordLevelPrivacyOnBatchNormalization_isRefusedBeforeStartingNamingTheLayer() {
        FederatedModel batchNorm = FederatedModel.of("batch-norm MLP", seed -> {
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).list()
                    .layer(new DenseLayer.Builder().name("hidden").nIn(784).nOut(12).build())
                    .layer(new BatchNormalization.Builder().name("norm").nOut(12).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(12).nOut(10)
                            .activation(Activation.SOFTMAX).build())
                    .build());
            net.init();
            return net;
        });

        assertThatThrownBy(() -> Simulation.builder().sites(2).model(batchNorm)
                .override("privacy.settings.level", "record").override("privacy.settings.noise_multiplier", 1.0)
                .workDir(dir).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("privacy.settings.level is record: layer 'norm' (BatchNormalization)");
        assertThat(dir.resolve("workspace/logs/metrics.jsonl")).doesNotExist();
    }

    @Test
    void run_zeroSites_isRefusedNamingSites() {
        assertThatThrownBy(() -> Simulation.builder().sites(0).workDir(dir).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sites must be >= 1, found 0");
    }

    @Test
    void run_moreSitesThanRecords_isRefusedNamingSitesAndTheCounts() {
        assertThatThrownBy(() -> Simulation.builder().sites(2001).workDir(dir).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sites = 2001: more sites than records (8000 training and 2000 validation");
    }

    @Test
    void run_heapTooSmallForThePool_isRefusedBeforeStartingNamingThreads() {
        assertThatThrownBy(() -> Simulation.builder().sites(10).threads(4).maxHeap(8L << 20).workDir(dir).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads = 4: 4 pooled models of")
                .hasMessageContaining("more than the 8 MiB this JVM may use");
        assertThat(dir.resolve("workspace/save")).isEmptyDirectory();
    }

    @Test
    void run_optimizerStateKeptLocally_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Simulation.builder().sites(2)
                .override("collaborator.settings.opt_treatment", "CONTINUE_LOCAL").workDir(dir).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("collaborator.settings.opt_treatment is CONTINUE_LOCAL");
    }

    private static double epsilon(double samplingRate, double noiseMultiplier, long steps) {
        return PrivacyAccountant.create(AccountantKind.PLD).compose(new PoissonGaussian(samplingRate, noiseMultiplier),
                steps).epsilon(1e-5);
    }

    private static double accuracy(Network network, LabeledData valid) {
        INDArray x = Nd4j.create(valid.features(), new long[] {valid.size(), valid.sampleSize()}, 'c');
        INDArray predicted = network.output(x).argMax(1);
        int right = 0;
        for (int i = 0; i < valid.size(); i++) {
            right += predicted.getInt(i) == valid.labels()[i] ? 1 : 0;
        }
        return right / (double) valid.size();
    }
}
