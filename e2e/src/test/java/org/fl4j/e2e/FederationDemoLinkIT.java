package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo over shaped links ({@code scripts/federation-demo.sh --netns --link 1mbit}): each collaborator's veth
 * limited to 1 Mbit/s each way with tc's token bucket. Checks that the shaping was in place while the
 * federation ran: the token buckets at both ends of each site's link carried at least the tensor bytes the
 * site logged and held packets back, and each round's model download took at least the time its bytes need at
 * that rate. Runs where the machine allows it (root, {@code ip netns}, the kernel's tbf qdisc); skipped elsewhere.
 */
class FederationDemoLinkIT {

    private static final long RATE_BITS = 1_000_000;
    /** What the bucket lets through at once before the rate applies (the script's {@code burst 64kb}). */
    private static final long BURST_BYTES = 64 * 1024;
    private static final Pattern TRAFFIC = Pattern.compile("Round (\\d+) traffic: (\\d+) bytes of tensors downloaded,"
            + " (\\d+) uploaded");
    private static final Pattern TASKS = Pattern.compile("^(\\S+) .*Received the following tasks", Pattern.MULTILINE);
    private static final Pattern VALIDATED = Pattern.compile(
            "^(\\S+) .*round (\\d+) aggregated_model_validation: accuracy", Pattern.MULTILINE);
    private static final Pattern TBF = Pattern.compile("qdisc tbf .*rate 1Mbit.*\\n Sent (\\d+) bytes \\d+ pkt"
            + " \\(dropped \\d+, overlimits (\\d+)");

    @TempDir
    Path tmp;

    @Test
    void linkDemo_1mbit_bucketsCarryTheTrafficAndDownloadsTakeTheirTime() throws Exception {
        assumeTrue(tbfAvailable(), "needs root, iproute2's ip netns and the kernel's tbf qdisc");
        Path dir = tmp.resolve("demo");
        // namespaces of its own (fl4j-link-*): another demo may run beside it
        DemoScript.Run run = DemoScript.run(tmp, 20, Map.of("FL4J_DEMO_NETNS", "fl4j-link"), "--netns",
                "--link", "1mbit", "--rounds", "2", "--dir", dir.toString());
        String output = run.output();
        assertThat(run.finished()).as("demo finished in time:%n%s", output).isTrue();
        assertThat(run.exitCode()).as(output).isZero();
        assertThat(output).contains("links shaped to 1mbit each way", "Federation finished")
                .doesNotContain("cut two's network link");

        for (String site : List.of("one", "two")) {
            String log = Files.readString(dir.resolve("logs/collaborator-" + site + ".log"));
            long down = 0;
            long up = 0;
            List<Long> downPerRound = new ArrayList<>();
            Matcher t = TRAFFIC.matcher(log);
            while (t.find()) {
                downPerRound.add(Long.parseLong(t.group(2)));
                down += Long.parseLong(t.group(2));
                up += Long.parseLong(t.group(3));
            }
            assertThat(downPerRound).as(log).hasSize(2);

            String stats = Files.readString(dir.resolve("logs/link-" + site + ".txt"));
            Matcher b = TBF.matcher(stats);
            assertThat(b.find()).as("the site's own end: %s", stats).isTrue();
            assertThat(Long.parseLong(b.group(1))).as("bytes %s sent through its bucket", site).isGreaterThan(up);
            assertThat(Long.parseLong(b.group(2))).as("packets %s's bucket held back", site).isPositive();
            assertThat(b.find()).as("the bridge's end: %s", stats).isTrue();
            assertThat(Long.parseLong(b.group(1))).as("bytes %s received through its bucket", site).isGreaterThan(down);
            assertThat(Long.parseLong(b.group(2))).as("packets held back on the way to %s", site).isPositive();

            // each round's model arrives between the tasks and the first validation: no faster than the rate
            List<LocalTime> received = times(TASKS.matcher(log));
            Matcher v = VALIDATED.matcher(log);
            for (int round = 0; round < 2; round++) {
                assertThat(v.find()).as(log).isTrue();
                Duration took = Duration.between(received.get(round), LocalTime.parse(v.group(1)));
                long needMillis = (downPerRound.get(round) - BURST_BYTES) * 8 * 1000 / RATE_BITS;
                assertThat(took.toMillis()).as("%s's round %d download of %d bytes", site, round,
                        downPerRound.get(round)).isGreaterThanOrEqualTo(needMillis);
            }
        }
        assertThat(namespacesLeft()).as("namespaces removed at the end").isFalse();
    }

    private static List<LocalTime> times(Matcher m) {
        List<LocalTime> times = new ArrayList<>();
        while (m.find()) {
            times.add(LocalTime.parse(m.group(1)));
        }
        return times;
    }

    /** Root, network namespaces, and a tbf qdisc on a veth inside one (kernels without it skip the test). */
    private static boolean tbfAvailable() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        String probe = "fl4j-probe-" + ProcessHandle.current().pid();
        try {
            if (run("ip", "netns", "add", probe) != 0) {
                return false;
            }
            try {
                return run("ip", "-n", probe, "link", "add", "name", "pv0", "type", "veth", "peer", "name", "pv1") == 0
                        && run("tc", "-n", probe, "qdisc", "add", "dev", "pv0", "root", "tbf", "rate", "1mbit",
                                "burst", "64kb", "latency", "100ms") == 0;
            } finally {
                run("ip", "netns", "del", probe);
            }
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean namespacesLeft() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return list.contains("fl4j-link-");
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
