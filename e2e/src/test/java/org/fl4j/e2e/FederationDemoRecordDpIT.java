package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with record-level differential privacy ({@code --set privacy.settings.level=record}): both sites
 * train with DP-SGD, the script prints each round's epsilon for each site, epsilon grows from round to
 * round, and each site keeps its privacy ledger in its own workspace.
 */
class FederationDemoRecordDpIT {

    private static final Pattern ROUND = Pattern.compile(
            "round (\\d+) +aggregated validation accuracy \\S+ +epsilon one ([0-9.]+), two ([0-9.]+)");

    @TempDir
    Path tmp;

    @Test
    void demoScript_recordLevelDp_printsGrowingEpsilonEachRound() throws Exception {
        Path dir = tmp.resolve("demo");
        DemoScript.Run run = DemoScript.run(tmp, 20, "--rounds", "2", "--dir", dir.toString(),
                "--set", "privacy.settings.level=record", "--set", "privacy.settings.noise_multiplier=1.0");
        String output = run.output();
        assertThat(run.finished()).as("demo finished in time:%n%s", output).isTrue();
        assertThat(run.exitCode()).as(output).isZero();

        List<double[]> rounds = new ArrayList<>();
        Matcher m = ROUND.matcher(output);
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(rounds.size());
            rounds.add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
        }
        assertThat(rounds).as(output).hasSize(2);
        for (int site = 0; site < 2; site++) {
            assertThat(rounds.get(0)[site]).isGreaterThan(0);
            assertThat(rounds.get(1)[site]).isGreaterThan(rounds.get(0)[site]);
        }
        for (String site : List.of("one", "two")) {
            Path ledger = dir.resolve("site-" + site + "/mnist_fed/save/privacy_ledger_" + site + ".txt");
            assertThat(Files.readAllLines(ledger).stream().filter(l -> !l.startsWith("#")))
                    .hasSize(2).allMatch(l -> l.contains("task=train sampling_rate=0.008 noise_multiplier=1.0 steps=125"));
        }
        assertThat(Files.readAllLines(dir.resolve("aggregator-site/mnist_fed/logs/metrics.jsonl")))
                .anyMatch(l -> l.contains("\"origin\":\"one\"") && l.contains("\"metric\":\"epsilon_next\""))
                .noneMatch(l -> l.contains("\"task\":\"train\"") && l.contains("\"metric\":\"loss\""));
        assertThat(Files.readString(dir.resolve("logs/aggregator.log"))).contains("    epsilon: ");
    }
}
