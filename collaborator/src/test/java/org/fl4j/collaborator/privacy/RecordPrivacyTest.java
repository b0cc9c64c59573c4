package org.fl4j.collaborator.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanFiles;
import org.fl4j.plan.PlanReader;
import org.fl4j.plan.Settings;
import org.fl4j.plan.TestPlans;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordPrivacyTest {

    private static final org.assertj.core.data.Offset<Double> EXACT = org.assertj.core.data.Offset.offset(1e-9);

    @TempDir
    Path workspace;

    private Plan plan(Object... keyValues) {
        TestPlans.kerasWorkspace(workspace);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("privacy.settings.level", "record");
        set.put("aggregator.settings.rounds_to_train", "5");
        for (int i = 0; i < keyValues.length; i += 2) {
            set.put((String) keyValues[i], keyValues[i + 1]);
        }
        return PlanReader.read(PlanFiles.of(workspace), set);
    }

    private static TaskContext train(long round) {
        return new TaskContext("one", round, "train", new Settings("tasks.train.kwargs", Map.of("epochs", 1)),
                OptTreatment.RESET);
    }

    /** Epsilon after {@code rounds} rounds of 125 steps at q = 32/4000 (the runner's schedule on 4,000 records). */
    private static double epsilon(double sigma, int rounds) {
        return PrivacyAccountant.create(AccountantKind.PLD).compose(new PoissonGaussian(0.008, sigma), 125L * rounds)
                .epsilon(1e-5);
    }

    @Test
    void wrap_privacyOff_returnsTheRunnerItself() throws Exception {
        TestPlans.kerasWorkspace(workspace);
        StepCountingRunner runner = new StepCountingRunner(4000);

        assertThat(RecordPrivacy.wrap(runner, PlanReader.read(workspace), "one", workspace)).isSameAs(runner);
        assertThat(runner.config).isNull();
    }

    @Test
    void train_reportsGrowingEpsilonAndNext_writesTheLedgerFirst_dropsTheLoss() throws Exception {
        StepCountingRunner runner = new StepCountingRunner(4000);
        TaskRunner wrapped = RecordPrivacy.wrap(runner, plan("privacy.settings.noise_multiplier", "1.0",
                "privacy.settings.clip_norm", "0.5"), "one", workspace);

        TaskResult first = wrapped.train(train(1));
        List<String> afterFirst = Files.readAllLines(SiteLedger.path(workspace, "one"));
        TaskResult second = wrapped.train(train(2));

        assertThat(runner.config.noiseMultiplier()).isEqualTo(1.0);
        assertThat(runner.config.clipNorm()).isEqualTo(0.5);
        assertThat(first.metrics()).containsOnlyKeys("epsilon", "epsilon_next");
        assertThat(first.metrics().get("epsilon")).isCloseTo(epsilon(1.0, 1), EXACT);
        assertThat(first.metrics().get("epsilon_next")).isCloseTo(epsilon(1.0, 2), EXACT);
        assertThat(second.metrics().get("epsilon")).isEqualTo(first.metrics().get("epsilon_next"))
                .isGreaterThan(first.metrics().get("epsilon"));
        assertThat(afterFirst.stream().filter(l -> !l.startsWith("#")))
                .singleElement().asString().contains("round=1 task=train sampling_rate=0.008 noise_multiplier=1.0"
                        + " steps=125");
    }

    @Test
    void restart_keepsTheLedger_epsilonContinuesFromIt() throws Exception {
        Plan plan = plan("privacy.settings.noise_multiplier", "1.0");
        TaskRunner before = RecordPrivacy.wrap(new StepCountingRunner(4000), plan, "one", workspace);
        before.train(train(1));
        before.train(train(2));

        RecordPrivacy after = (RecordPrivacy) RecordPrivacy.wrap(new StepCountingRunner(4000), plan, "one",
                workspace);
        TaskResult third = after.train(train(3));

        assertThat(after.epsilon()).isCloseTo(epsilon(1.0, 3), EXACT);
        assertThat(third.metrics().get("epsilon")).isCloseTo(epsilon(1.0, 3), EXACT);
        assertThat(SiteLedger.load(SiteLedger.path(workspace, "one"), "one").entries()).hasSize(3);
    }

    @Test
    void train_roundPastMaxEpsilon_isRefusedWithoutTraining() throws Exception {
        double max = (epsilon(1.0, 2) + epsilon(1.0, 3)) / 2;
        StepCountingRunner runner = new StepCountingRunner(4000);
        TaskRunner wrapped = RecordPrivacy.wrap(runner, plan("privacy.settings.noise_multiplier", "1.0",
                "privacy.settings.max_epsilon", String.valueOf(max)), "one", workspace);
        wrapped.train(train(1));
        wrapped.train(train(2));

        assertThatThrownBy(() -> wrapped.train(train(3)))
                .isInstanceOf(PrivacyBudgetException.class)
                .hasMessageStartingWith("collaborator one refuses to train round 3: train would raise its records'"
                        + " epsilon from ")
                .hasMessageContaining("above privacy.settings.max_epsilon " + max);
        assertThat(runner.trainings).isEqualTo(2);
        assertThat(SiteLedger.load(SiteLedger.path(workspace, "one"), "one").entries()).hasSize(2);
    }

    @Test
    void wrap_budgetAlreadySpent_isRefusedAtStart() throws Exception {
        double max = (epsilon(1.0, 2) + epsilon(1.0, 3)) / 2;
        Plan plan = plan("privacy.settings.noise_multiplier", "1.0", "privacy.settings.max_epsilon",
                String.valueOf(max));
        TaskRunner first = RecordPrivacy.wrap(new StepCountingRunner(4000), plan, "one", workspace);
        first.train(train(1));
        first.train(train(2));

        assertThatThrownBy(() -> RecordPrivacy.wrap(new StepCountingRunner(4000), plan, "one", workspace))
                .isInstanceOf(PrivacyBudgetException.class)
                .hasMessageStartingWith("collaborator one cannot train: its records have spent epsilon ")
                .hasMessageContaining("privacy_ledger_one.txt")
                .hasMessageContaining("above privacy.settings.max_epsilon " + max);
    }

    @Test
    void wrap_targetEpsilon_calibratesTheNoiseOverThePlannedRounds() throws Exception {
        StepCountingRunner runner = new StepCountingRunner(4000);
        RecordPrivacy wrapped = (RecordPrivacy) RecordPrivacy.wrap(runner, plan("privacy.settings.target_epsilon", "3"),
                "one", workspace);

        double sigma = runner.config.noiseMultiplier();
        assertThat(wrapped.noiseMultiplier()).isEqualTo(sigma);
        assertThat(epsilon(sigma, 5)).isLessThanOrEqualTo(3.0).isGreaterThan(2.97);
        assertThat(epsilon(sigma * 0.99, 5)).isGreaterThan(3.0);
    }

    @Test
    void wrap_deltaAboveOneOverRecords_warnsThenRefusesAtTenOverRecords() throws Exception {
        // 0.004 is twice 1/500: a warning, the site goes on; twenty times 1/5000: refused.
        TaskRunner warned = RecordPrivacy.wrap(new StepCountingRunner(500), plan("privacy.settings.noise_multiplier",
                "1.0", "privacy.settings.target_delta", "0.004"), "one", workspace);
        assertThat(warned).isInstanceOf(RecordPrivacy.class);

        Plan refused = plan("privacy.settings.noise_multiplier", "1.0", "privacy.settings.target_delta", "0.004");
        assertThatThrownBy(() -> RecordPrivacy.wrap(new StepCountingRunner(5000), refused, "one", workspace))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("privacy.settings.target_delta 0.004 is larger than 1/5000");
    }

    @Test
    void load_corruptLedger_namesFileAndLine() throws Exception {
        Path file = SiteLedger.path(workspace, "one");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# header\nfederation=f round=1 task=train sampling_rate=0.1 noise_multiplier=1"
                + " steps=10 epsilon=1 delta=1e-5\nround=two\n");

        assertThatThrownBy(() -> RecordPrivacy.wrap(new StepCountingRunner(4000), plan(
                "privacy.settings.noise_multiplier", "1.0"), "one", workspace))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith(file + ":3: not a privacy ledger line");
    }
}
