package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with compression given by {@code --set}: int8 deltas (with error feedback) and lz4 up, fp16 down as
 * differences to the previous round's model. Separate processes over mutual TLS; each site's traffic shows
 * the encoded sizes, the aggregator sends the second round's model as differences, and the federation trains.
 */
class FederationDemoCompressionIT {

    private static final Pattern ROUND = Pattern.compile("round (\\d+) +aggregated validation accuracy \\S*?([0-9.]+)");
    private static final Pattern PARAMETERS = Pattern.compile("Starting from the initial model .*\\((\\d+) tensors,"
            + " (\\d+) parameters\\)");
    private static final Pattern TRAFFIC = Pattern.compile("Round 0 traffic: (\\d+) bytes of tensors downloaded,"
            + " (\\d+) uploaded");

    @TempDir
    Path tmp;

    @Test
    void demoScript_int8DeltasUpFp16DeltasDown_trainsWithAQuarterOfTheUploadBytes() throws Exception {
        Path dir = tmp.resolve("demo");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        DemoScript.Run run = DemoScript.run(tmp, 20, "--rounds", "2", "--dir", dir.toString(),
                "--port", Integer.toString(port),
                "--set", "compression_pipeline.template=fl4j.Compression",
                "--set", "compression_pipeline.settings.upload=[int8_blockwise, lz4]",
                "--set", "compression_pipeline.settings.download=[fp16]",
                "--set", "compression_pipeline.settings.download_delta_rounds=1",
                "--set", "collaborator.settings.delta_updates=true");
        String output = run.output();
        assertThat(run.finished()).as("demo finished in time:%n%s", output).isTrue();
        assertThat(run.exitCode()).as(output).isZero();
        Matcher m = ROUND.matcher(output);
        int rounds = 0;
        double accuracy = 0;
        while (m.find()) {
            rounds++;
            accuracy = Double.parseDouble(m.group(2));
        }
        assertThat(rounds).as(output).isEqualTo(2);
        assertThat(accuracy).as(output).isGreaterThan(0.5);

        String aggregator = Files.readString(dir.resolve("logs/aggregator.log"));
        Matcher p = PARAMETERS.matcher(aggregator);
        assertThat(p.find()).as(aggregator).isTrue();
        long parameters = Long.parseLong(p.group(2));
        assertThat(aggregator).contains("Sending one the model of round 1 as differences to round 0")
                .contains("Sending two the model of round 1 as differences to round 0");
        for (String site : new String[] {"one", "two"}) {
            String log = Files.readString(dir.resolve("logs/collaborator-" + site + ".log"));
            Matcher t = TRAFFIC.matcher(log);
            assertThat(t.find()).as(log).isTrue();
            // fp16: 2 bytes a parameter down; int8 with a float scale per 256 values, through lz4, about 1 up
            assertThat(Long.parseLong(t.group(1))).isBetween(2 * parameters, 2 * parameters + 4096);
            assertThat(Long.parseLong(t.group(2))).isLessThan(parameters * 11 / 10);
        }
    }
}
