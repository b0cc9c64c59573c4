package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fx simulate on a dl4j_mlp_mnist workspace: a small simulation, and each bad option named. */
class SimulateCommandTest {

    @TempDir
    Path dir;

    private final FxRunner fx = new FxRunner();
    private Path ws;

    @BeforeEach
    void workspace() {
        assertThat(fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template",
                "dl4j_mlp_mnist")).as(fx.err()).isEqualTo(Fx.OK);
        ws = dir.resolve("ws");
    }

    @Test
    void simulate_recordLevelPrivacy_printsTheEpsilonSpentForEachModel() throws Exception {
        assertThat(fx.run("-W", ws.toString(), "simulate", "--sites", "2", "--threads", "2", "--out", "sim",
                "--set", "aggregator.settings.rounds_to_train=1", "--set", "privacy.settings.level=record",
                "--set", "privacy.settings.noise_multiplier=1.0", "--set", "data_loader.settings.batch_size=250"))
                .as(fx.err()).isEqualTo(Fx.OK);

        // The initial model spent nothing; the model after one round, 16 DP-SGD steps at q = 250/4000 on each
        // site's 4,000 digits, spent what the accountant says: epsilon 2.2423 at delta 1e-5 (PLD).
        assertThat(fx.out()).contains("round  accuracy (aggregated_model_validation)  epsilon\n")
                .containsPattern("\\n +1  0\\.\\d{4}  0\\n")
                .containsPattern("\\nlast model, after 1 round: accuracy 0\\.\\d{4} \\(2000 validation records\\),"
                        + " epsilon 2\\.242\\n");
        assertThat(ws.resolve("sim/workspace/save/privacy_ledger_site1.txt")).exists();
    }

    @Test
    void simulate_twentySitesOneRound_printsAccuracyAndLeavesTheWorkspaceAlone() throws Exception {
        String cols = Files.readString(ws.resolve("plan/cols.yaml"));

        assertThat(fx.run("-W", ws.toString(), "simulate", "--sites", "20", "--threads", "2", "--out", "sim",
                "--set", "aggregator.settings.rounds_to_train=1")).as(fx.err()).isEqualTo(Fx.OK);

        assertThat(fx.out()).contains("round  accuracy").containsPattern("\\n +1  0\\.\\d{4}\\n")
                .containsPattern("\\nlast model, after 1 round: accuracy 0\\.\\d{4} \\(2000 validation records\\)\\n")
                .contains("20 sites, 2 pooled models of 55050 parameters").contains("peak heap");
        assertThat(ws.resolve("sim/workspace/save/dl4j_mlp_mnist_last.fl4j")).exists();
        assertThat(Files.readString(ws.resolve("sim/workspace/plan/cols.yaml"))).contains("  - site20");
        assertThat(Files.readString(ws.resolve("plan/cols.yaml"))).isEqualTo(cols);
        assertThat(fx.err()).doesNotContain("Exception");
    }

    @Test
    void simulate_int8Upload_printsEachRoundsBytesAsSent() throws Exception {
        assertThat(fx.run("-W", ws.toString(), "simulate", "--sites", "2", "--threads", "2", "--out", "sim",
                "--set", "aggregator.settings.rounds_to_train=1",
                "--set", "compression_pipeline.template=fl4j.Compression",
                "--set", "compression_pipeline.settings.upload=[int8_blockwise]")).as(fx.err()).isEqualTo(Fx.OK);

        // 2 sites x 55,050 parameters: float32 down (4 bytes each), int8 up (1 byte each and a 4-byte scale per
        // 256 values, per tensor), the counts the collaborator processes log as "Round 0 traffic"
        Matcher m = Pattern.compile("tensor bytes each round, every site's added, as sent \\(after the plan's"
                + " compression\\): round 0 down (\\d+) up (\\d+)\\n").matcher(fx.out());
        assertThat(m.find()).as(fx.out()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(2 * 4 * 55050L);
        assertThat(Long.parseLong(m.group(2))).isBetween(2 * 55050L, 2 * 55050L * 11 / 10);
    }

    @Test
    void simulate_zeroSites_isAUsageErrorNamingTheOption() {
        assertThat(fx.run("-W", ws.toString(), "simulate", "--sites", "0")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("--sites must be >= 1, found 0");
    }

    @Test
    void simulate_moreSitesThanRecords_failsNamingTheOption() {
        assertThat(fx.run("-W", ws.toString(), "simulate", "--sites", "5000", "--out", "sim")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("Error: --sites = 5000: more sites than records (8000 training and 2000"
                + " validation").doesNotContain("at org.");
    }

    @Test
    void simulate_moreThreadsThanTheHeapHolds_failsBeforeStartingNamingTheOption() {
        int threads = (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / (55_050L * 4 * 8) + 1);

        assertThat(fx.run("-W", ws.toString(), "simulate", "--sites", "2000", "--threads", String.valueOf(threads),
                "--out", "sim")).isEqualTo(Fx.FAILURE);

        assertThat(fx.err()).contains("Error: --threads = " + threads + ":").contains("this JVM may use")
                .doesNotContain("at org.");
        assertThat(ws.resolve("sim/workspace/save")).isEmptyDirectory();
    }
}
