package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fx slurm aggregator / collaborator / simulate: the scripts they write, a bad option named, and --submit
 * through a stand-in sbatch (a real SLURM cluster runs them in e2e's SlurmFederationIT).
 */
class SlurmCommandsTest {

    @TempDir
    Path dir;

    private final FxRunner fx = new FxRunner();
    private Path ws;

    @BeforeEach
    void workspace() {
        assertThat(fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template",
                "dl4j_mlp_mnist")).as(fx.err()).isEqualTo(Fx.OK);
        ws = dir.resolve("ws").toAbsolutePath();
    }

    @Test
    void aggregator_writesAnExecutableScriptWithTheOptionsAndTheCommand() throws Exception {
        assertThat(fx.run("-W", ws.toString(), "slurm", "aggregator", "--time", "2:00:00", "--cpus", "4", "--mem",
                "8G", "--partition", "gpu", "--nodelist", "node7", "--fx", "/opt/fl4j/fx")).as(fx.err())
                .isEqualTo(Fx.OK);

        Path script = ws.resolve("slurm/fl4j-aggregator.sbatch");
        assertThat(fx.out()).contains("Wrote " + script);
        assertThat(Files.readString(script)).startsWith("#!/bin/bash\n").contains(
                "#SBATCH --job-name=fl4j-aggregator\n", "#SBATCH --output=" + ws + "/logs/slurm-%x-%j.out\n",
                "#SBATCH --cpus-per-task=4\n", "#SBATCH --mem=8G\n", "#SBATCH --time=2:00:00\n",
                "#SBATCH --partition=gpu\n", "#SBATCH --nodelist=node7\n", "FX=${FX:-/opt/fl4j/fx}\n",
                "exec \"$FX\" --workspace " + ws + " aggregator start\n").doesNotContain("--dependency");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void collaborator_afterAJob_dependsOnItAndNamesTheCollaborator() throws Exception {
        assertThat(fx.run("-W", ws.toString(), "slurm", "collaborator", "-n", "one", "--after", "42",
                "--give-up-after", "600")).as(fx.err()).isEqualTo(Fx.OK);

        assertThat(Files.readString(ws.resolve("slurm/fl4j-collaborator-one.sbatch"))).contains(
                "#SBATCH --job-name=fl4j-collaborator-one\n", "#SBATCH --dependency=after:42\n",
                "collaborator start -n one --give-up-after 600\n");
    }

    @Test
    void simulate_passesSitesThreadsAndOverridesOn() throws Exception {
        assertThat(fx.run("-W", ws.toString(), "slurm", "simulate", "--sites", "1000", "--cpus", "8", "--set",
                "aggregator.settings.rounds_to_train=50")).as(fx.err()).isEqualTo(Fx.OK);

        assertThat(Files.readString(ws.resolve("slurm/fl4j-simulate.sbatch"))).contains(
                "simulate --sites 1000 --threads 8 --set aggregator.settings.rounds_to_train=50\n");
    }

    @Test
    void aggregator_existingScript_isKeptUnlessForced() throws Exception {
        fx.run("-W", ws.toString(), "slurm", "aggregator");
        Path script = ws.resolve("slurm/fl4j-aggregator.sbatch");
        Files.writeString(script, "# the admin's edits\n");

        assertThat(fx.run("-W", ws.toString(), "slurm", "aggregator")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("give --force to replace it");
        assertThat(Files.readString(script)).isEqualTo("# the admin's edits\n");

        assertThat(fx.run("-W", ws.toString(), "slurm", "aggregator", "--force")).isEqualTo(Fx.OK);
        assertThat(Files.readString(script)).contains("aggregator start");
    }

    @Test
    void aggregator_badTime_isAUsageErrorNamingTheOption() {
        assertThat(fx.run("-W", ws.toString(), "slurm", "aggregator", "--time", "one hour")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("--time: not a valid value, found 'one hour");
        assertThat(ws.resolve("slurm")).doesNotExist();
    }

    @Test
    void submit_printsTheJobIdSbatchGives() throws Exception {
        Path sbatch = dir.resolve("sbatch");
        Files.writeString(sbatch, "#!/bin/sh\n[ \"$1\" = --parsable ] && [ -x \"$2\" ] && echo '4711;cluster'\n");
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwx------"));

        assertThat(fx.run("-W", ws.toString(), "slurm", "aggregator", "--submit", "--sbatch", sbatch.toString()))
                .as(fx.err()).isEqualTo(Fx.OK);

        assertThat(fx.out()).contains("Submitted batch job 4711");
    }

    @Test
    void submit_noSbatch_failsSayingWhereTheScriptIs() {
        assertThat(fx.run("-W", ws.toString(), "slurm", "aggregator", "--submit", "--sbatch",
                dir.resolve("no-sbatch").toString())).isEqualTo(Fx.FAILURE);

        assertThat(fx.err()).contains("could not be run").contains("slurm/fl4j-aggregator.sbatch")
                .doesNotContain("at org.");
    }
}
