package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import org.fl4j.privacy.distributed.DistributedGaussian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with client-level differential privacy under secure aggregation (distributed DP) on real MNIST in
 * separate processes: each site clips, encodes and noises its update before masking, the aggregator accounts
 * each round with the RDP bound of the distributed discrete Gaussian, the script prints its epsilon each round,
 * and a budget that pays for two of the three planned rounds ends the federation after two, cleanly.
 */
class FederationDemoDistributedDpIT {

    private static final Pattern ROUND = Pattern.compile(
            "round (\\d+) +aggregated validation accuracy (\\S+) +epsilon aggregator ([0-9.]+)");

    @TempDir
    Path tmp;

    private static double epsilon(int rounds) {
        return PrivacyAccountant.create(AccountantKind.RDP)
                .compose(new PoissonGaussian(1.0, DistributedGaussian.accountedNoiseMultiplier(1.0)), rounds)
                .epsilon(1e-5);
    }

    @Test
    void demoScript_distributedDp_printsEpsilonEachRoundAndStopsAtTheBudget() throws Exception {
        Path dir = tmp.resolve("demo");
        String max = String.format(Locale.ROOT, "%.3f", (epsilon(2) + epsilon(3)) / 2);
        DemoScript.Run run = DemoScript.run(tmp, 20, "--rounds", "3", "--dir", dir.toString(),
                "--set", "aggregator.settings.secure_aggregation=true",
                "--set", "privacy.settings.level=client", "--set", "privacy.settings.noise_multiplier=1.0",
                "--set", "privacy.settings.clip_norm=0.5", "--set", "privacy.settings.max_epsilon=" + max);
        String output = run.output();
        assertThat(run.finished()).as("demo finished in time:%n%s", output).isTrue();
        assertThat(run.exitCode()).as(output).isZero();

        List<Double> eps = new ArrayList<>();
        Matcher m = ROUND.matcher(output);
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(eps.size());
            eps.add(Double.parseDouble(m.group(3)));
        }
        assertThat(eps).as(output).hasSize(2);
        assertThat(eps.get(0)).isCloseTo(epsilon(1), within(1e-3));
        assertThat(eps.get(1)).isCloseTo(epsilon(2), within(1e-3));

        assertThat(Files.readString(dir.resolve("logs/aggregator.log")))
                .contains("Client-level DP under secure aggregation (distributed discrete Gaussian)")
                .contains("Ending the federation after 2 of 3 rounds: the client-level privacy budget is spent");
        for (String site : List.of("one", "two")) {
            assertThat(Files.readString(dir.resolve("logs/collaborator-" + site + ".log")))
                    .contains("distributed discrete Gaussian: 2 participants, noise shares calibrated for 2"
                            + " survivors");
        }
        Path ws = dir.resolve("aggregator-site/mnist_fed");
        assertThat(Files.readAllLines(ws.resolve("save/privacy_ledger_aggregator.txt")).stream()
                .filter(l -> !l.startsWith("#"))).hasSize(2).allMatch(l -> l.contains("participants=2"));
    }
}
