package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: {@code scripts/federation-demo.sh} plays the whole multi-site flow (three
 * workspace folders exchanging only the archive and certificate packages, separate processes, mTLS,
 * keras_cnn_mnist on the embedded MNIST sample). Run here with two rounds to stay inside the CI budget.
 */
class FederationDemoIT {

    @TempDir
    Path tmp;

    @Test
    void demoScript_runsTheWholeFlow_andSavesTheBestModel() throws Exception {
        Path dir = tmp.resolve("demo");
        DemoScript.Run run = DemoScript.run(tmp, 15, "--rounds", "2", "--dir", dir.toString());
        String output = run.output();
        assertThat(run.finished()).as("demo finished in time:%n%s", output).isTrue();
        assertThat(run.exitCode()).as(output).isZero();
        assertThat(output).contains("export the workspace", "sign one's certificate", "install the signed certificate",
                "round 0", "round 1", "aggregated validation accuracy", "Federation finished", "Best model:");

        Path aggregatorSite = dir.resolve("aggregator-site/mnist_fed");
        SavedModel best = ModelFile.read(aggregatorSite.resolve("save/keras_cnn_mnist_best.fl4j"));
        assertThat(best.weights().parameterCount()).isEqualTo(89_606);
        assertThat(Files.readAllLines(aggregatorSite.resolve("logs/metrics.jsonl")))
                .anyMatch(l -> l.contains("\"origin\":\"aggregator\"") && l.contains("\"round\":1"));
        // the partner sites received no key of anybody else's, and the archive carried none
        for (String site : List.of("site-one/mnist_fed", "site-two/mnist_fed")) {
            try (Stream<Path> keys = Files.walk(dir.resolve(site).resolve("cert"))) {
                assertThat(keys.filter(f -> f.toString().endsWith(".key")).map(f -> f.getFileName().toString()))
                        .allMatch(n -> n.equals("col_" + site.substring(5, site.indexOf('/')) + ".key"));
            }
        }
        assertThat(containsPrivateKey(aggregatorSite.resolve("mnist_fed.tar.gz"))).isFalse();
        // fx started the aggregator with the Vector API, so FedAvg ran its SIMD kernels
        assertThat(Files.readString(dir.resolve("logs/aggregator.log")))
                .contains("Using incubator modules: jdk.incubator.vector").doesNotContain("is not available");
    }

    @Test
    void demoScript_settingTheRuntimeCannotHonour_failsAtTheFreezeStepNamingIt() throws Exception {
        DemoScript.Run run = DemoScript.run(tmp, 5, "--rounds", "2", "--dir", tmp.resolve("demo").toString(),
                "--set", "network.settings.tls=false");

        assertThat(run.finished()).as(run.output()).isTrue();
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("FAILED: step 3 (freeze the plan with the demo's settings) at aggregator",
                "network.settings.tls: false is not supported by this build of fl4j")
                .doesNotContain("[start]");
    }

    /**
     * Collaborator two's shard does not exist once the plan says the data is cut in one shard, so two exits with
     * an error as it starts while one trains and the aggregator waits for two: the demo must stop at once and
     * show two's log, not wait for its timeout (FL4J_DEMO_TIMEOUT, 20 minutes here).
     */
    @Test
    void demoScript_collaboratorFailsAtStart_stopsAtOnceShowingItsLog() throws Exception {
        DemoScript.Run run = DemoScript.run(tmp, 10, Map.of("FL4J_DEMO_TIMEOUT", "1200"), "--rounds", "2", "--dir",
                tmp.resolve("demo").toString(), "--set", "data_loader.settings.collaborator_count=1");
        String output = run.output();

        assertThat(run.finished()).as(output).isTrue();
        assertThat(run.exitCode()).as(output).isEqualTo(1);
        assertThat(output).contains("[start]", "FAILED: collaborator two exited with an error (exit code 1), ",
                "--- last lines of " + tmp.resolve("demo/logs/collaborator-two.log") + " ---",
                "shard 2 does not exist").doesNotContain("Federation finished");
        int afterStart = Integer.parseInt(output.replaceAll("(?s).*exit code 1\\), (\\d+) s after the sites started.*",
                "$1"));
        // two's JVM loads the DL4J runner before it reads its data: tens of seconds on a busy 2-core machine
        assertThat(afterStart).as("seconds from the sites' start to the demo's end").isLessThan(180);
        assertThat(run.took()).as("the whole demo, far from its 20-minute timeout").isLessThan(Duration.ofMinutes(8));
    }

    private static boolean containsPrivateKey(Path archive) throws IOException {
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.util.zip.GZIPInputStream(Files.newInputStream(archive)))) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().startsWith("cert/")
                        || new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----")) {
                    return true;
                }
            }
        }
        return false;
    }
}
