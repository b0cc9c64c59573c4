package org.fl4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.fl4j.aggregator.store.MetricsHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fx metrics show [FILE]}: the metrics per round as a table. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print the metrics per round as a table: one row per round and origin (aggregated first,"
                + " then each collaborator), one column per task and metric."})
final class MetricsShowCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The metrics log (default: logs/metrics.jsonl of the workspace).")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<MetricsHistory.Entry> entries = MetricsFiles.read(file);
        TreeSet<String> columns = new TreeSet<>();
        // round -> origin (aggregator first) -> column -> value
        Map<Long, Map<String, Map<String, Double>>> rows = new TreeMap<>();
        for (MetricsHistory.Entry e : entries) {
            String column = e.task() + "/" + e.metric();
            columns.add(column);
            rows.computeIfAbsent(e.round(), r -> new TreeMap<>(MetricsFiles.ORIGINS))
                    .computeIfAbsent(e.origin(), o -> new TreeMap<>()).put(column, e.value());
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-5s  %-16s", "ROUND", "ORIGIN"));
        for (String c : columns) {
            b.append("  ").append(String.format(Locale.ROOT, "%" + width(c) + "s", c));
        }
        b.append('\n');
        rows.forEach((round, origins) -> origins.forEach((origin, values) -> {
            b.append(String.format(Locale.ROOT, "%-5d  %-16s", round, origin));
            for (String c : columns) {
                Double v = values.get(c);
                b.append("  ").append(String.format(Locale.ROOT, "%" + width(c) + "s",
                        v == null ? "-" : String.format(Locale.ROOT, "%.4f", v)));
            }
            b.append('\n');
        }));
        spec.commandLine().getOut().print(b);
        return Fx.OK;
    }

    private static int width(String column) {
        return Math.max(10, column.length());
    }
}
