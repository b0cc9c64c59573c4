package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandsTest {

    @TempDir
    Path dir;

    private final FxRunner fx = new FxRunner();
    private Path ws;
    private String wsArg;

    @BeforeEach
    void workspace() {
        assertThat(fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template",
                "keras_cnn_mnist")).isEqualTo(Fx.OK);
        ws = dir.resolve("ws");
        wsArg = ws.toString();
    }

    @Test
    void print_showsMergedPlanAndHash() {
        assertThat(fx.run("-W", wsArg, "plan", "print")).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("rounds_to_train: 10", "db_store_rounds: 2", "template: fl4j.dl4j.KerasRunner",
                "# federation id: fl4j-").containsPattern("# hash: [0-9a-f]{96}");
    }

    @Test
    void print_withSet_appliesOverride() {
        assertThat(fx.run("-W", wsArg, "plan", "print", "--set", "aggregator.settings.rounds_to_train=5"))
                .isEqualTo(Fx.OK);
        assertThat(fx.out()).startsWith("# plan/plan.yaml merged with its defaults and 1 --set override(s)\n")
                .contains("rounds_to_train: 5");
    }

    @Test
    void print_setWithoutValue_isUsageError() {
        assertThat(fx.run("-W", wsArg, "plan", "print", "--set", "aggregator.settings.rounds_to_train"))
                .isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("KEY=VALUE");
    }

    @Test
    void print_brokenPlan_reportsEveryProblemWithPosition() throws Exception {
        Path plan = ws.resolve("plan/plan.yaml");
        Files.writeString(plan, Files.readString(plan).replace("    rounds_to_train: 10\n",
                "    rounds_to_train: ten\n    write_log: false\n"));
        assertThat(fx.run("-W", wsArg, "plan", "print")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).isEqualTo(String.join(System.lineSeparator(),
                "Error: the plan has 2 problems:",
                "  plan/plan.yaml:12:22: aggregator.settings.rounds_to_train: expected an integer, found 'ten'",
                "  plan/plan.yaml:13:5: unknown key 'write_log' in aggregator.settings (did you mean 'write_logs'?)",
                ""));
        assertThat(fx.out()).isEmpty();
    }

    @Test
    void print_badIndentation_reportsLineAndColumn() throws Exception {
        Path plan = ws.resolve("plan/plan.yaml");
        Files.writeString(plan, Files.readString(plan).replace("    rounds_to_train: 10\n",
                "    rounds_to_train: 10\n   write_logs: false\n"));
        assertThat(fx.run("-W", wsArg, "plan", "print")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).startsWith("Error: plan/plan.yaml:13:4: YAML syntax error:").contains("indentation")
                .doesNotContain("Exception");
    }

    @Test
    void print_notAWorkspace_saysSo() {
        assertThat(fx.run("-W", dir.toString(), "plan", "print")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("is not an fl4j workspace");
    }

    @Test
    void print_otherPlanFile_isRead() throws Exception {
        Files.writeString(ws.resolve("plan/short.yaml"), Files.readString(ws.resolve("plan/plan.yaml"))
                .replace("rounds_to_train: 10", "rounds_to_train: 2"));
        assertThat(fx.run("-W", wsArg, "plan", "print", "-p", "plan/short.yaml")).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("rounds_to_train: 2");
    }

    @Test
    void freeze_writesFrozenPlanAndSwitches() {
        fx.run("-W", wsArg, "plan", "print");
        String hash = WorkspaceCreateCommandTest.hashLine(fx.out()).substring("# hash: ".length());
        assertThat(fx.run("-W", wsArg, "plan", "freeze")).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("plan/plan_" + hash.substring(0, 8) + ".yaml is now current");
        assertThat(ws.resolve("plan/plan_" + hash.substring(0, 8) + ".yaml")).isRegularFile();
        fx.run("-W", wsArg, "plan", "print");
        assertThat(WorkspaceCreateCommandTest.hashLine(fx.out())).endsWith(hash);
    }

    @Test
    void freeze_settingTheRuntimeCannotHonour_refusedNamingItAndNothingFrozen() throws Exception {
        assertThat(fx.run("-W", wsArg, "plan", "freeze", "--set", "network.settings.tls=false"))
                .isEqualTo(Fx.FAILURE);

        assertThat(fx.err()).isEqualTo("Error: --set network.settings.tls=false: network.settings.tls: false is not"
                + " supported by this build of fl4j: collaborators are identified by their client certificates, over"
                + " mutual TLS (use true)" + System.lineSeparator());
        try (var files = Files.list(ws.resolve("plan"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("plan_"));
        }
    }

    @Test
    void printAndInitialize_settingTheRuntimeCannotHonourInThePlan_refusedAtItsLine() throws Exception {
        Path plan = ws.resolve("plan/plan.yaml");
        Files.writeString(plan, Files.readString(plan).replace("network:\n  defaults: plan/defaults/network.yaml",
                "network:\n  defaults: plan/defaults/network.yaml\n  settings:\n    tls: false"));

        for (String[] command : List.of(new String[] {"plan", "print"},
                new String[] {"plan", "initialize", "-a", "agg.example.org"})) {
            assertThat(fx.run(concat(new String[] {"-W", wsArg}, command))).isEqualTo(Fx.FAILURE);
            assertThat(fx.err()).matches("Error: plan/plan\\.yaml:\\d+:\\d+: network\\.settings\\.tls:"
                    + " false is not supported by this build of fl4j: .*\\R");
        }
        assertThat(ws.resolve("plan/.initialized")).doesNotExist();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void saveSwitchRemove_workLikeOpenFl() {
        assertThat(fx.run("-W", wsArg, "plan", "save", "-n", "trial")).isEqualTo(Fx.OK);
        assertThat(ws.resolve("plan/plans/trial.yaml")).isRegularFile();
        assertThat(fx.run("-W", wsArg, "plan", "switch", "-n", "default")).isEqualTo(Fx.OK);
        assertThat(fx.run("-W", wsArg, "plan", "switch", "-n", "trial")).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("Current plan: 'trial'");
        assertThat(fx.run("-W", wsArg, "plan", "remove", "-n", "trial")).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("current plan: 'default'");
        assertThat(fx.run("-W", wsArg, "plan", "switch", "-n", "trial")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("no plan 'trial': the workspace has default");
    }

    @Test
    void remove_default_isRefused() {
        assertThat(fx.run("-W", wsArg, "plan", "remove", "-n", "default")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("refusing to remove the default plan");
        assertThat(ws.resolve("plan/plan.yaml")).exists();
    }

    @Test
    void save_withoutName_isUsageError() {
        assertThat(fx.run("-W", wsArg, "plan", "save")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("Missing required option: '--name=NAME'");
    }

    @Test
    void initialize_writesAddressAndSaysNoInitializerIsInstalled() throws Exception {
        int code = fx.run("-W", wsArg, "plan", "initialize", "-a", "agg.example.org");
        assertThat(Files.readString(ws.resolve("plan/plan.yaml"))).contains("agg_addr: agg.example.org");
        assertThat(fx.out()).contains("aggregator agg.example.org:", "Plan hash ");
        assertThat(ws.resolve("plan/.initialized")).isRegularFile();
        if (code == Fx.FAILURE) {
            // Until a ModelInitializer for the template's runner is on the class path, initialize says so.
            assertThat(fx.err()).contains("no round-0 model written: no model initializer serves"
                    + " task_runner.template 'fl4j.dl4j.KerasRunner'");
        } else {
            assertThat(code).isEqualTo(Fx.OK);
            assertThat(fx.out()).contains("Round-0 model save/keras_cnn_mnist_init.fl4j");
            assertThat(ws.resolve("save/keras_cnn_mnist_init.fl4j")).isRegularFile();
        }
    }
}
