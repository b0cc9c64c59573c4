package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.cli.Fx;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.PlanReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's fx verbs through {@link Fx#run}: what they print, and their refusals. */
class RuntimeCommandsTest {

    @TempDir
    static Path dir;

    private static Sites sites;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void sites() {
        TestPki pki = TestPki.create(dir.resolve("pki"), Sites.COLLABORATORS.toArray(String[]::new));
        sites = Sites.create(dir.resolve("sites"), pki, 1, Sites.WAIT_FOR_ALL);
    }

    private int fx(Path workspace, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = workspace.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Fx.run(new PrintWriter(out), new PrintWriter(err), all);
    }

    @Test
    void collaboratorPing_aggregatorRunning_printsTheRound() throws Exception {
        AggregatorConfig config = AggregatorConfig.fromPlan(PlanReader.read(sites.aggregator()), sites.aggregator());
        try (AggregatorServer server = AggregatorServer.startTls(config,
                TlsFiles.aggregator(PkiLayout.of(sites.aggregator()), TestPki.AGGREGATOR), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", sites.port), Clock.systemUTC())) {

            assertThat(fx(sites.collaborator("bravo"), "collaborator", "ping", "-n", "bravo")).isEqualTo(Fx.OK);
        }
        assertThat(out.toString()).contains("Aggregator localhost:" + sites.port + " answers bravo: federation fl4j-",
                "round 0 of 1");
    }

    @Test
    void collaboratorPing_noAggregator_failsNamingTheCall() {
        assertThat(fx(sites.collaborator("alpha"), "collaborator", "ping", "-n", "alpha", "--timeout", "3"))
                .isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).startsWith("Error: Ping failed (UNAVAILABLE)").doesNotContain("\tat ");
    }

    @Test
    void collaboratorStart_withoutCertificate_saysHowToMakeIt() {
        assertThat(fx(sites.collaborator("alpha"), "collaborator", "start", "-n", "zulu")).isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).contains("Error: cert/client/col_zulu.crt does not exist: certify this"
                + " collaborator first");
    }

    @Test
    void collaboratorStart_withoutDataPath_saysWhichCommandRecordsIt() throws Exception {
        Path site = sites.collaborator("charlie");
        Path data = site.resolve("plan/data.yaml");
        String before = Files.readString(data);
        Files.writeString(data, "# no entries\n");
        try {
            assertThat(fx(site, "collaborator", "start", "-n", "charlie")).isEqualTo(Fx.FAILURE);
        } finally {
            Files.writeString(data, before);
        }
        assertThat(err.toString()).contains("plan/data.yaml has no data path for collaborator charlie",
                "fx collaborator create -n charlie -d DATA_PATH");
    }

    @Test
    void collaboratorStart_invalidName_refused() {
        assertThat(fx(sites.collaborator("alpha"), "collaborator", "start", "-n", "../x")).isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).contains("invalid collaborator name '../x'");
    }

    @Test
    void collaboratorStart_recordLevelDpWithARunnerWithoutDpSgd_refusedNamingTheRunner() {
        assertThat(fx(sites.collaborator("alpha"), "collaborator", "start", "-n", "alpha",
                "--set", "privacy.settings.level=record", "--set", "privacy.settings.noise_multiplier=1"))
                .isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).startsWith("Error: the task runner SoftmaxRunner cannot train with record-level"
                + " differential privacy (DP-SGD)").doesNotContain("\tat ");
    }

    @Test
    void collaboratorStart_privacyBudgetAlreadySpent_exitsOneSayingSo() throws Exception {
        Path site = sites.collaborator("alpha");
        Path ledger = site.resolve("save/privacy_ledger_alpha.txt");
        Files.createDirectories(ledger.getParent());
        Files.writeString(ledger, "federation=fl4j-earlier round=0 task=train sampling_rate=0.5 noise_multiplier=0.8"
                + " steps=200 epsilon=30 delta=1.0E-5\n");
        try {
            assertThat(fx(site, "collaborator", "start", "-n", "alpha",
                    "--set", "task_runner.template=fl4j.dl4j.KerasRunner",
                    "--set", "task_runner.settings.model=code/keras_cnn_mnist.json",
                    "--set", "privacy.settings.level=record", "--set", "privacy.settings.noise_multiplier=1",
                    "--set", "privacy.settings.max_epsilon=8")).isEqualTo(Fx.FAILURE);
        } finally {
            Files.delete(ledger);
        }
        assertThat(err.toString()).startsWith("Error: collaborator alpha cannot train: its records have spent epsilon ")
                .contains("privacy_ledger_alpha.txt", "above privacy.settings.max_epsilon 8.0")
                .doesNotContain("\tat ");
    }

    @Test
    void aggregatorStart_withoutCertificate_saysHowToMakeIt() {
        assertThat(fx(sites.collaborator("alpha"), "aggregator", "start")).isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).contains("Error: cert/server/agg_localhost.crt does not exist: certify the"
                + " aggregator first (fx aggregator generate-cert-request --fqdn localhost");
    }

    @Test
    void aggregatorStart_brokenPlan_reportsTheFileAndLine() throws Exception {
        Path ws = dir.resolve("broken");
        org.fl4j.plan.TestPlans.workspace(ws, "keras_cnn_mnist", "alpha");
        org.fl4j.plan.TestPlans.write(ws, "plan/plan.yaml", Sites.plan(1234, 0, Sites.WAIT_FOR_ALL));

        assertThat(fx(ws, "aggregator", "start")).isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).contains("plan/plan.yaml:", "rounds_to_train must be > 0");
    }
}
