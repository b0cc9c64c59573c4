package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanStoreTest {

    @TempDir
    Path dir;

    @Test
    void save_copiesCurrentAndSwitches() throws Exception {
        TestPlans.kerasWorkspace(dir);
        Path saved = PlanStore.save(dir, "experiment");
        assertThat(saved).isEqualTo(dir.resolve("plan/plans/experiment.yaml"));
        assertThat(PlanStore.current(dir)).isEqualTo("experiment");
        assertThat(PlanFiles.currentPlan(dir)).isEqualTo(saved);
        assertThat(PlanStore.names(dir)).containsExactly("default", "experiment");
    }

    @Test
    void save_existingOrReservedName_isRefused() throws Exception {
        TestPlans.kerasWorkspace(dir);
        PlanStore.save(dir, "a");
        assertThatThrownBy(() -> PlanStore.save(dir, "a")).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> PlanStore.save(dir, "default")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> PlanStore.save(dir, "../x")).hasMessageContaining("invalid plan name");
    }

    @Test
    void switch_toDefault_removesPointer() throws Exception {
        TestPlans.kerasWorkspace(dir);
        PlanStore.save(dir, "a");
        PlanStore.switchTo(dir, "default");
        assertThat(dir.resolve(PlanFiles.CURRENT_POINTER)).doesNotExist();
        assertThat(PlanStore.current(dir)).isEqualTo("default");
    }

    @Test
    void switch_unknownName_listsPlans() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanStore.switchTo(dir, "nope")).hasMessage("no plan 'nope': the workspace has default");
    }

    @Test
    void remove_default_isRefused() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanStore.remove(dir, "default")).hasMessageContaining("refusing to remove the default");
        assertThat(dir.resolve("plan/plan.yaml")).exists();
    }

    @Test
    void remove_current_switchesBackToDefault() throws Exception {
        TestPlans.kerasWorkspace(dir);
        PlanStore.save(dir, "a");
        PlanStore.remove(dir, "a");
        assertThat(dir.resolve("plan/plans/a.yaml")).doesNotExist();
        assertThat(PlanStore.current(dir)).isEqualTo("default");
    }

    @Test
    void freeze_writesReadOnlyCanonicalPlanWithSameHash() throws Exception {
        TestPlans.kerasWorkspace(dir);
        Plan plan = PlanReader.read(dir);
        Path frozen = PlanStore.freeze(dir, plan);
        assertThat(frozen.getFileName().toString()).isEqualTo("plan_" + plan.shortHash() + ".yaml");
        assertThat(Files.getPosixFilePermissions(frozen)).doesNotContain(PosixFilePermission.OWNER_WRITE);
        assertThat(PlanStore.current(dir)).isEqualTo("plan_" + plan.shortHash());
        assertThat(PlanReader.read(dir).hash()).isEqualTo(plan.hash());
        assertThat(PlanStore.freeze(dir, PlanReader.read(dir))).isEqualTo(frozen);
        assertThat(PlanStore.names(dir)).containsExactly("default", "plan_" + plan.shortHash());
    }

    @Test
    void freeze_withOverride_freezesOverriddenPlan() throws Exception {
        TestPlans.kerasWorkspace(dir);
        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of("aggregator.settings.rounds_to_train", 3));
        PlanStore.freeze(dir, plan);
        assertThat(PlanReader.read(dir).aggregator().roundsToTrain()).isEqualTo(3);
    }
}
