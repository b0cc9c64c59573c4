package org.fl4j.aggregator.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.fl4j.protocol.model.AtomicFiles;

/**
 * {@code logs/metrics.jsonl}: one JSON object a line,
 * {@code {"round":R,"origin":"aggregator"|NAME,"task":T,"metric":M,"value":V,"time":ISO8601}}. Lines of a
 * round in progress are appended as results arrive; at a restart the file is rewritten from the checkpoint,
 * so it holds exactly the completed rounds plus the current one. A log without a file
 * ({@code write_logs: false}) writes nothing.
 */
public final class MetricsLog {

    /** The origin of aggregated metrics. */
    public static final String AGGREGATOR = "aggregator";

    private final Path file;

    /** @param file the log file, or null to write nothing */
    public MetricsLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** One line (without the newline). {@code value} must be finite. */
    public static String line(long round, String origin, String task, String metric, double value, Instant time) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + metric + " of " + origin + " is not finite: " + value);
        }
        return "{\"round\":" + round + ",\"origin\":" + quote(origin) + ",\"task\":" + quote(task) + ",\"metric\":"
                + quote(metric) + ",\"value\":" + value + ",\"time\":" + quote(time.toString()) + "}";
    }

    /** Appends lines and flushes them to the file. */
    public synchronized void append(List<String> lines) throws IOException {
        if (lines.isEmpty() || file == null) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** Replaces the file's content with these lines, atomically. */
    public synchronized void rewrite(List<String> lines) throws IOException {
        if (file == null) {
            return;
        }
        AtomicFiles.write(file, out -> {
            for (String l : lines) {
                out.write(l.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
