package org.fl4j.aggregator.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code logs/metrics.jsonl} as written by {@link MetricsLog}, strictly: every line must be one of its
 * records, or the read fails naming the file and line.
 */
public final class MetricsHistory {

    /** One metric value of one origin (a collaborator, or {@value MetricsLog#AGGREGATOR}) in one round. */
    public record Entry(long round, String origin, String task, String metric, double value, Instant time) {
        public boolean aggregated() {
            return MetricsLog.AGGREGATOR.equals(origin);
        }
    }

    private static final String STRING = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    private static final Pattern LINE = Pattern.compile("^\\{\"round\":(\\d{1,18}),\"origin\":" + STRING
            + ",\"task\":" + STRING + ",\"metric\":" + STRING + ",\"value\":([-+0-9.eE]+),\"time\":" + STRING + "}$");

    private MetricsHistory() {
    }

    /**
     * Every record of the file, in order.
     *
     * @throws IOException when the file cannot be read, is empty, or has a line that is not a record (named
     *     {@code file:line})
     */
    public static List<Entry> read(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                out.add(parse(line, file + ":" + n));
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + " is not UTF-8 text: it is not a metrics log", e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no metrics yet (it is empty): run a round first");
        }
        return out;
    }

    private static Entry parse(String line, String where) throws IOException {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
            throw new IOException(where + ": not a metrics record {\"round\":..,\"origin\":..,\"task\":..,\"metric\":..,"
                    + "\"value\":..,\"time\":..}, found: " + shown);
        }
        try {
            double value = Double.parseDouble(m.group(5));
            return new Entry(Long.parseLong(m.group(1)), unescape(m.group(2)), unescape(m.group(3)),
                    unescape(m.group(4)), value, Instant.parse(unescape(m.group(6))));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IOException(where + ": bad value or time in the record: " + e.getMessage(), e);
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, Math.min(i + 5, s.length())), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }
}
