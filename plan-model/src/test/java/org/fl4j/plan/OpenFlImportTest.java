package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFlImportTest {

    /** What OpenFL 1.6's Plan.parse computes for the fixture (a replica run with PyYAML 6.0.3). */
    static final String FEDERATION_UUID = "plan.yaml_8d518613";
    static final int PORT = 51084;

    @TempDir
    Path ws;

    static void openFlWorkspace(Path dir) throws IOException {
        OpenFlWorkspaceFixture.copyTo(dir);
    }

    @Test
    void run_openFlWorkspace_fl4jPlanWithOpenFlsUuidsPortAndModelFiles() throws IOException {
        openFlWorkspace(ws);
        String original = Files.readString(ws.resolve("plan/plan.yaml"));

        OpenFlImport.Result r = OpenFlImport.run(ws, Optional.empty());

        assertThat(r.federationUuid()).isEqualTo(FEDERATION_UUID);
        assertThat(r.aggregatorUuid()).isEqualTo("aggregator_" + FEDERATION_UUID);
        assertThat(r.port()).isEqualTo(PORT);
        Plan plan = r.plan();
        assertThat(plan.openfl()).hasValueSatisfying(o -> {
            assertThat(o.federationUuid()).isEqualTo(FEDERATION_UUID);
            assertThat(o.taskFunctions()).containsEntry("train", "train_task");
        });
        assertThat(plan.aggregator().initStatePath()).isEqualTo(Path.of("save/keras_cnn_mnist_init.pbuf"));
        assertThat(plan.aggregator().roundsToTrain()).isEqualTo(10);
        assertThat(plan.collaborator().optTreatment()).isEqualTo(OptTreatment.RESET);
        assertThat(plan.collaborator().deltaUpdates()).isFalse();
        assertThat(plan.network().requireClientAuth()).isTrue();
        assertThat(plan.tasks().get("train").function()).isEqualTo("train");
        assertThat(plan.collaborators()).containsExactly("alpha", "bravo");
        assertThat(PlanFiles.currentPlan(ws)).isEqualTo(ws.resolve("plan/fl4j.yaml"));
        assertThat(Files.readString(ws.resolve("plan/plan.yaml"))).isEqualTo(original);
        assertThat(r.notMapped()).containsExactly(
                "plan/defaults/collaborator.yaml:5:5: collaborator.settings.db_store_rounds (a setting of OpenFL's"
                        + " collaborators, which keep applying it from their own plan)",
                "plan/defaults/network.yaml:5:5: network.settings.hash_salt (fl4j has no such network setting)");
    }

    @Test
    void run_federationUuidGiven_usedInstead() throws IOException {
        openFlWorkspace(ws);
        assertThat(OpenFlImport.run(ws, Optional.of("plan.yaml_00000000")).plan().openfl().orElseThrow()
                .aggregatorUuid()).isEqualTo("aggregator_plan.yaml_00000000");
    }

    @Test
    void run_singleCollaboratorCertificateAndCustomFunction_problemsWithPositions() throws IOException {
        openFlWorkspace(ws);
        Path plan = ws.resolve("plan/plan.yaml");
        Files.writeString(plan, Files.readString(plan).replace("    rounds_to_train : 10",
                "    rounds_to_train : 10\n    single_col_cert_common_name : shared").replace(
                "  defaults : plan/defaults/tasks_keras.yaml", "  defaults : plan/defaults/tasks_keras.yaml\n  train:\n"
                        + "    function: my_fit"),
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> OpenFlImport.run(ws, Optional.empty())).isInstanceOfSatisfying(PlanException.class,
                e -> assertThat(e.problems()).extracting(PlanProblem::toString).containsExactlyInAnyOrder(
                        "plan/plan.yaml:11:5: OpenFL's single-collaborator-certificate mode is not supported: fl4j"
                                + " names each collaborator by its own certificate",
                        "plan/plan.yaml:41:5: tasks.train.function 'my_fit' is a custom task function: fl4j's"
                                + " aggregator knows train_task and validate_task"));
        assertThat(ws.resolve("plan/fl4j.yaml")).doesNotExist();
    }
}
