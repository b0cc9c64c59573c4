package org.fl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.fl4j.aggregator.store.MetricsHistory;

/** Finds and reads the metrics log for {@code fx metrics}. */
final class MetricsFiles {

    /** The aggregated values first, then collaborators by name. */
    static final Comparator<String> ORIGINS = Comparator.comparing((String o) -> !o.equals("aggregator"))
            .thenComparing(Comparator.naturalOrder());

    private MetricsFiles() {
    }

    static List<MetricsHistory.Entry> read(Path file) {
        Path log = file != null ? file : CliContext.workspace().resolve("logs").resolve("metrics.jsonl");
        if (!Files.isRegularFile(log)) {
            throw new FxException("no metrics log at " + log + " (the aggregator writes logs/metrics.jsonl as rounds"
                    + " run, unless aggregator.settings.write_logs is false)");
        }
        try {
            return MetricsHistory.read(log);
        } catch (IOException e) {
            throw new FxException(e.getMessage(), e);
        }
    }
}
