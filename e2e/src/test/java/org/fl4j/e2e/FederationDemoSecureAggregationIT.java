package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with secure aggregation ({@code --set aggregator.settings.secure_aggregation=true}): separate
 * processes in separate folders, both sites mask their updates, the aggregator logs each secure round's
 * stages and survivors, and the federation trains and prints each round's accuracy.
 */
class FederationDemoSecureAggregationIT {

    private static final Pattern ROUND = Pattern.compile("round (\\d+) +aggregated validation accuracy \\S*?([0-9.]+)");

    @TempDir
    Path tmp;

    @Test
    void demoScript_secureAggregation_trainsAndLogsEachSecureRound() throws Exception {
        Path dir = tmp.resolve("demo");
        DemoScript.Run run = DemoScript.run(tmp, 20, "--rounds", "2", "--dir", dir.toString(),
                "--set", "aggregator.settings.secure_aggregation=true");
        String output = run.output();
        assertThat(run.finished()).as("demo finished in time:%n%s", output).isTrue();
        assertThat(run.exitCode()).as(output).isZero();
        Matcher m = ROUND.matcher(output);
        int rounds = 0;
        while (m.find()) {
            rounds++;
        }
        assertThat(rounds).as(output).isEqualTo(2);

        String log = Files.readString(dir.resolve("logs/aggregator.log"));
        assertThat(log).contains("Secure aggregation is on")
                .contains("Secure aggregation, round 0: stage ADVERTISE_KEYS closed")
                .contains("Secure aggregation, round 1: unmasked in")
                .contains("survivors [one, two], dropped []")
                .doesNotContain("failed at stage");
        assertThat(Files.readAllLines(dir.resolve("aggregator-site/mnist_fed/logs/metrics.jsonl")))
                .anyMatch(l -> l.contains("\"round\":1") && l.contains("\"origin\":\"aggregator\"")
                        && l.contains("\"task\":\"aggregated_model_validation\""));
    }
}
