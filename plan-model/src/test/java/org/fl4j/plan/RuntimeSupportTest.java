package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings this build cannot run are refused when the plan is read, wherever they come from (the plan file is
 * covered by the fixture {@code runtime_unsupported}).
 */
class RuntimeSupportTest {

    @TempDir
    Path dir;

    @Test
    void read_override_unsupportedValueRefusedNamingTheOverride() {
        TestPlans.kerasWorkspace(dir);

        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), Map.of("network.settings.tls", "false")))
                .isInstanceOf(PlanException.class).hasMessage("--set network.settings.tls=false:"
                        + " network.settings.tls: false is not supported by this build of fl4j: collaborators are"
                        + " identified by their client certificates, over mutual TLS (use true)");
    }

    @Test
    void read_defaultsFile_unsupportedValueRefusedAtItsLineInThatFile() throws Exception {
        TestPlans.kerasWorkspace(dir);
        Path defaults = dir.resolve("plan/defaults/compression_pipeline.yaml");
        Files.writeString(defaults, Files.readString(defaults).replace("fl4j.NoCompression", "fl4j.TopK"));

        assertThatThrownBy(() -> PlanReader.read(dir)).isInstanceOf(PlanException.class)
                .hasMessageStartingWith("plan/defaults/compression_pipeline.yaml:2:11: compression_pipeline.template:"
                        + " 'fl4j.TopK' is not supported by this build of fl4j");
    }

    @Test
    void read_honouredValuesWrittenOut_accepted() {
        TestPlans.kerasWorkspace(dir);

        Plan plan = PlanReader.read(PlanFiles.of(dir), Map.of("collaborator.settings.delta_updates", "false",
                "network.settings.tls", "true", "network.settings.require_client_auth", "true",
                "compression_pipeline.settings", "{}", "compression_pipeline.template", "fl4j.NoCompression"));

        assertThat(plan.collaborator().deltaUpdates()).isFalse();
        assertThat(plan.hash()).isEqualTo(PlanReader.read(dir).hash());
    }

    @Test
    void read_wrongTypeOfALimitedSetting_onlyTheTypeError() {
        TestPlans.kerasWorkspace(dir);

        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), Map.of("collaborator.settings.delta_updates",
                "'yes'"))).isInstanceOf(PlanException.class).hasMessage("--set collaborator.settings.delta_updates="
                        + "'yes': collaborator.settings.delta_updates: expected true or false, found 'yes'");
    }

    @Test
    void limits_eachNamesASettingOfTheCanonicalPlanWithAnHonouredDefault() {
        Plan plan = PlanReader.read(TestPlans.kerasWorkspace(dir));
        String canonical = plan.toYaml();
        for (RuntimeSupport.Limit limit : RuntimeSupport.LIMITS) {
            String[] parts = limit.path().split("\\.");
            String key = parts[parts.length - 1].equals("*") ? parts[parts.length - 2] : parts[parts.length - 1];
            assertThat(canonical).as(limit.path()).containsPattern("(?m)^ *" + key + ":");
        }
    }
}
