package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
