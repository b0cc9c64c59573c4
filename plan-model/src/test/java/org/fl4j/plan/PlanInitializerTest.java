package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanInitializerTest {

    @TempDir
    Path dir;

    @Test
    void initialize_autoAddressAndPort_areWrittenKeepingComments() throws Exception {
        TestPlans.kerasWorkspace(dir);
        Plan before = PlanReader.read(dir);
        PlanInitializer.Result r = PlanInitializer.initialize(PlanFiles.of(dir), "agg.example.org");
        assertThat(r.address()).isEqualTo("agg.example.org");
        assertThat(r.port()).isEqualTo(before.aggregatorPort());
        Plan after = PlanReader.read(dir);
        assertThat(after.network().aggAddr()).isEqualTo("agg.example.org");
        assertThat(after.network().aggPort()).hasValue(before.aggregatorPort());
        assertThat(after.aggregatorPort()).isEqualTo(before.aggregatorPort());
        String text = Files.readString(dir.resolve("plan/plan.yaml"));
        assertThat(text).startsWith("# keras_cnn_mnist").contains("network:\n  defaults: plan/defaults/network.yaml\n"
                + "  settings:\n    agg_addr: agg.example.org\n    agg_port: " + r.port() + "\n\nassigner:");
        assertThat(Files.readString(dir.resolve(PlanInitializer.RECORD))).contains("hash: " + after.hash());
        assertThat(r.modelWritten()).isFalse();
    }

    @Test
    void initialize_twice_isStable() throws Exception {
        TestPlans.kerasWorkspace(dir);
        PlanInitializer.Result first = PlanInitializer.initialize(PlanFiles.of(dir), "localhost");
        String text = Files.readString(dir.resolve("plan/plan.yaml"));
        PlanInitializer.Result second = PlanInitializer.initialize(PlanFiles.of(dir), null);
        assertThat(second.plan().hash()).isEqualTo(first.plan().hash());
        assertThat(Files.readString(dir.resolve("plan/plan.yaml"))).isEqualTo(text);
    }

    @Test
    void initialize_existingAddress_isReplacedInPlace() throws Exception {
        TestPlans.kerasWorkspace(dir);
        PlanInitializer.initialize(PlanFiles.of(dir), "first.example.org");
        PlanInitializer.initialize(PlanFiles.of(dir), "second.example.org");
        String text = Files.readString(dir.resolve("plan/plan.yaml"));
        assertThat(text).contains("    agg_addr: second.example.org\n").doesNotContain("first.example.org");
    }

    @Test
    void initialize_frozenPlan_isRefused() throws Exception {
        TestPlans.kerasWorkspace(dir);
        PlanStore.freeze(dir, PlanReader.read(dir));
        assertThatThrownBy(() -> PlanInitializer.initialize(PlanFiles.of(dir), "x.example.org"))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("write-protected");
    }

    @Test
    void initialize_badAddress_isRefused() {
        TestPlans.kerasWorkspace(dir);
        assertThatThrownBy(() -> PlanInitializer.initialize(PlanFiles.of(dir), "bad host"))
                .hasMessage("invalid aggregator address 'bad host'");
    }

    @Test
    void edit_emptySection_getsBlock() throws Exception {
        Path f = TestPlans.write(dir, "p.yaml", "# c\naggregator:\n  x: 1\nnetwork:\ntasks: {}\n");
        PlanEditor.set(f, "p.yaml", "network.settings.agg_port", 50000);
        assertThat(Files.readString(f)).isEqualTo("# c\naggregator:\n  x: 1\nnetwork:\n  settings:\n"
                + "    agg_port: 50000\ntasks: {}\n");
    }

    @Test
    void edit_missingSection_isAppendedAtRootLevel() throws Exception {
        Path f = TestPlans.write(dir, "p.yaml", "aggregator:\n  settings:\n    rounds_to_train: 1\n# end\n");
        PlanEditor.set(f, "p.yaml", "network.settings.agg_addr", "10.0.0.1");
        assertThat(Files.readString(f)).isEqualTo("aggregator:\n  settings:\n    rounds_to_train: 1\nnetwork:\n"
                + "  settings:\n    agg_addr: '10.0.0.1'\n# end\n");
    }
}
