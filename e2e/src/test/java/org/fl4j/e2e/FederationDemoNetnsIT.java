package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo across real network stacks ({@code scripts/federation-demo.sh --netns}): each site in its own
 * network namespace with its own address; collaborator two's link is cut during round 1, which the cutoff
 * policy closes without it; two's late result is refused as stale and it trains again in a later round. Runs where the machine allows it (root and
 * {@code ip netns}); skipped elsewhere.
 */
class FederationDemoNetnsIT {

    @TempDir
    Path tmp;

    @Test
    void netnsDemo_cutLink_roundClosesWithoutTwo_andTwoReconnects() throws Exception {
        assumeTrue(netnsAvailable(), "needs root and iproute2's ip netns");
        Path dir = tmp.resolve("demo");
        DemoScript.Run run = DemoScript.run(tmp, 20, "--netns", "--rounds", "4", "--dir", dir.toString());
        String output = run.output();
        assertThat(run.finished()).as("demo finished in time:%n%s", output).isTrue();
        assertThat(run.exitCode()).as(output).isZero();
        assertThat(output).contains("three network namespaces", "cut two's network link", "restored two's link",
                "Federation finished");

        List<String> metrics = Files.readAllLines(dir.resolve("aggregator-site/mnist_fed/logs/metrics.jsonl"));
        assertThat(metrics).as("round 1 closed without two")
                .noneMatch(l -> l.contains("\"round\":1,") && l.contains("\"origin\":\"two\"") && l.contains("\"task\":\"train\""))
                .anyMatch(l -> l.contains("\"round\":1,") && l.contains("\"origin\":\"one\"") && l.contains("\"task\":\"train\""));
        String aggregatorLog = Files.readString(dir.resolve("logs/aggregator.log"));
        assertThat(aggregatorLog).contains("Closing round 1 without");
        assertThat(Files.readString(dir.resolve("logs/collaborator-two.log"))).contains("retrying in");
        assertThat(metrics).as("two reconnected and trained in a later round")
                .anyMatch(l -> l.matches(".*\"round\":[23],.*") && l.contains("\"origin\":\"two\"")
                        && l.contains("\"task\":\"train\""));
        assertThat(namespacesLeft()).as("namespaces removed at the end").isFalse();
    }

    private static boolean netnsAvailable() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        String probe = "fl4j-probe-" + ProcessHandle.current().pid();
        try {
            return run("ip", "netns", "add", probe) == 0 && run("ip", "netns", "del", probe) == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean namespacesLeft() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return list.contains("fl4j-demo-");
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
