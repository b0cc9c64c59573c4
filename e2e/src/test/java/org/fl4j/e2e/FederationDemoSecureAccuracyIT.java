package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fl4j.protocol.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure aggregation costs no accuracy (issue 22): the demo (keras_cnn_mnist, two sites, separate processes over
 * mutual TLS) runs three rounds plain and three rounds with {@code aggregator.settings.secure_aggregation=true}.
 * Both runs use the plan's default seed, so they start from the same round-0 model (its weights are compared) and
 * train on the same data in the same order; what differs is SecAgg's clipping and stochastic rounding of each
 * site's update. Every round's aggregated validation accuracy must agree within 0.005.
 */
class FederationDemoSecureAccuracyIT {

    private static final Pattern ROUND = Pattern.compile("round (\\d+) +aggregated validation accuracy \\S*?([0-9.]+)");
    private static final String INIT_MODEL = "aggregator-site/mnist_fed/save/keras_cnn_mnist_init.fl4j";
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @Test
    void demoScript_secureAndPlainFromTheSameSeed_sameAccuracyEveryRound() throws Exception {
        List<Double> plain = accuracies("plain");
        List<Double> secure = accuracies("secure", "--set", "aggregator.settings.secure_aggregation=true");

        assertThat(ModelFile.read(tmp.resolve("secure/" + INIT_MODEL)).weights())
                .as("both federations start from the same round-0 model")
                .isEqualTo(ModelFile.read(tmp.resolve("plain/" + INIT_MODEL)).weights());
        assertThat(Files.readString(tmp.resolve("secure/logs/aggregator.log"))).contains("Secure aggregation is on");
        assertThat(Files.readString(tmp.resolve("plain/logs/aggregator.log"))).doesNotContain("Secure aggregation");
        System.out.printf("aggregated validation accuracy by round: plain %s, secure %s%n", plain, secure);
        for (int r = 0; r < ROUNDS; r++) {
            assertThat(secure.get(r)).as("round %d: secure %s, plain %s", r, secure, plain)
                    .isCloseTo(plain.get(r), within(0.005));
        }
    }

    /** Runs the demo into {@code tmp/name}; the aggregated validation accuracy it printed for each round. */
    private List<Double> accuracies(String name, String... settings) throws Exception {
        Path dir = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("--rounds", Integer.toString(ROUNDS), "--dir", dir.toString()));
        args.addAll(List.of(settings));
        Path out = Files.createDirectories(tmp.resolve(name + "-out"));
        DemoScript.Run run = DemoScript.run(out, 20, args.toArray(String[]::new));
        assertThat(run.finished()).as("%s demo finished in time:%n%s", name, run.output()).isTrue();
        assertThat(run.exitCode()).as(run.output()).isZero();
        List<Double> accuracy = new ArrayList<>();
        Matcher m = ROUND.matcher(run.output());
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).as(run.output()).isEqualTo(accuracy.size());
            accuracy.add(Double.parseDouble(m.group(2)));
        }
        assertThat(accuracy).as(run.output()).hasSize(ROUNDS);
        return accuracy;
    }
}
