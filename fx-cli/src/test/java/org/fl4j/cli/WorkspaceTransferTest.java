package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.workspace.WorkspaceCreator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export at the aggregator's site, import at a partner site: only the archive crosses. */
class WorkspaceTransferTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path ws;

    private int fx(Path dir, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Fx.run(new PrintWriter(out), new PrintWriter(err), all);
    }

    @BeforeEach
    void aggregatorSite() throws IOException {
        ws = WorkspaceCreator.create(tmp.resolve("agg"), Path.of("mnist_fed"), "keras_cnn_mnist");
        Plan plan = PlanReader.read(ws);
        Tensor w = new Tensor("dense/W", new int[] {2, 2}, new float[] {1, 2, 3, 4});
        ModelFile.write(ws.resolve(plan.aggregator().initStatePath()),
                new SavedModel(0, Map.of("plan.hash", plan.hash()), new ModelWeights(List.of(w))));
        Files.createDirectories(ws.resolve("cert/ca"));
        Files.writeString(ws.resolve("cert/ca/root-ca.key"), "-----BEGIN PRIVATE KEY-----\nsecret\n");
        Files.writeString(ws.resolve("data/local.csv"), "a,b\n");
    }

    @Test
    void exportThenImport_givesTheSamePlanHashAtThePartnerSite() throws IOException {
        assertThat(fx(ws, "workspace", "export")).as(err.toString()).isEqualTo(Fx.OK);
        Path archive = ws.resolve("mnist_fed.tar.gz");
        assertThat(out.toString()).contains("Plan frozen: plan/plan_", "Exported", "Left out:",
                "certificates and keys stay at their site: cert/ca/root-ca.key", "data never leaves its site");

        Path site = tmp.resolve("site1");
        Files.createDirectories(site);
        assertThat(fx(site, "workspace", "import", "--archive", archive.toString())).as(err.toString())
                .isEqualTo(Fx.OK);
        Path imported = site.resolve("mnist_fed");
        assertThat(PlanReader.read(imported).hash()).isEqualTo(PlanReader.read(ws).hash());
        assertThat(imported.resolve("cert/ca/root-ca.key")).doesNotExist();
        assertThat(imported.resolve("data/local.csv")).doesNotExist();
        assertThat(ModelFile.read(imported.resolve(PlanReader.read(imported).aggregator().initStatePath()))
                .weights().tensors()).hasSize(1);
    }

    @Test
    void import_intoExistingWorkspace_failsAndKeepsIt() throws IOException {
        assertThat(fx(ws, "workspace", "export")).isEqualTo(Fx.OK);
        Path site = tmp.resolve("site1");
        Files.createDirectories(site.resolve("mnist_fed"));
        Files.writeString(site.resolve("mnist_fed/notes.txt"), "mine");
        assertThat(fx(site, "workspace", "import", "--archive", ws.resolve("mnist_fed.tar.gz").toString()))
                .isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).contains("exists and is not empty");
        assertThat(Files.readString(site.resolve("mnist_fed/notes.txt"))).isEqualTo("mine");
    }

    @Test
    void export_withoutInitialModel_tellsToInitialize() throws IOException {
        Files.delete(ws.resolve(PlanReader.read(ws).aggregator().initStatePath()));
        assertThat(fx(ws, "workspace", "export")).isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).contains("fx plan initialize").doesNotContain("Exception");
    }

    @Test
    void export_settingTheRuntimeCannotHonour_refusedBeforeAnythingIsFrozenOrPacked() throws IOException {
        Path plan = ws.resolve("plan/plan.yaml");
        Files.writeString(plan, Files.readString(plan).replace("network:\n  defaults: plan/defaults/network.yaml",
                "network:\n  defaults: plan/defaults/network.yaml\n  settings:\n    tls: false"));

        assertThat(fx(ws, "workspace", "export")).isEqualTo(Fx.FAILURE);

        assertThat(err.toString()).contains("network.settings.tls: false is not supported by this build of fl4j")
                .doesNotContain("Exception");
        assertThat(ws.resolve("mnist_fed.tar.gz")).doesNotExist();
    }

    @Test
    void import_missingArchiveOption_isUsageError() {
        assertThat(fx(tmp, "workspace", "import")).isEqualTo(Fx.USAGE);
        assertThat(err.toString()).contains("--archive");
    }
}
