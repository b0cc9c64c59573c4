package org.fl4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fl4j.aggregator.store.MetricsHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fx metrics plot [FILE] -o FILE.png}: accuracy and loss per round as a PNG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw accuracy and loss per round (aggregated: thick lines; each collaborator: thin) from the"
                + " metrics log into a PNG (no display needed)."})
final class MetricsPlotCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The metrics log (default: logs/metrics.jsonl of the workspace).")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.png", defaultValue = "metrics.png",
            description = "Where to write the PNG (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "1000", description = "Width (default: 1000).")
    int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "800", description = "Height (default: 800).")
    int height;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (width < 100 || height < 100 || width > 10000 || height > 10000) {
            throw new FxException("--width and --height must be between 100 and 10000 pixels, found " + width + "x"
                    + height);
        }
        List<MetricsHistory.Entry> entries = MetricsFiles.read(file);
        try {
            int series = MetricsChart.write(entries, output, width, height);
            spec.commandLine().getOut().println("Wrote " + output + " (" + series + " series, " + width + "x" + height
                    + ")");
        } catch (IOException e) {
            throw new FxException("cannot write " + output + ": " + e.getMessage(), e);
        }
        return Fx.OK;
    }
}
