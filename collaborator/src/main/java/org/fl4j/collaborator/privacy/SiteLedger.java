package org.fl4j.collaborator.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyLedger;
import org.fl4j.protocol.model.AtomicFiles;

/**
 * A site's record-level privacy ledger on disk ({@code save/privacy_ledger_<collaborator>.txt}): one line per
 * DP-SGD training of the site's records, oldest first, across rounds, restarts and federations, e.g.
 *
 * <pre>
 * federation=3f1c... round=2 task=train sampling_rate=0.064 noise_multiplier=1.1 steps=16 epsilon=0.912 delta=1.0E-5
 * </pre>
 *
 * Epsilon composes over every line ({@link #ledger()}); {@code epsilon} and {@code delta} record what the site
 * reported after that training, for people reading the file. The file is replaced atomically (temporary file,
 * fsync, rename) each time a training is added. A line that does not parse is an error naming the file and
 * the line: the site will not train on a ledger it cannot read.
 */
final class SiteLedger {

    /** One training. */
    record Entry(String federation, long round, String task, double samplingRate, double noiseMultiplier,
            long steps, double epsilon, double delta) {

        Entry {
            Objects.requireNonNull(federation, "federation");
            Objects.requireNonNull(task, "task");
            if (federation.isBlank() || task.isBlank() || federation.matches(".*\\s.*") || task.matches(".*\\s.*")) {
                throw new IllegalArgumentException("federation and task must be words, found '" + federation
                        + "' and '" + task + "'");
            }
        }

        PoissonGaussian event() {
            return new PoissonGaussian(samplingRate, noiseMultiplier);
        }

        String line() {
            return "federation=" + federation + " round=" + round + " task=" + task + " sampling_rate=" + samplingRate
                    + " noise_multiplier=" + noiseMultiplier + " steps=" + steps + " epsilon=" + epsilon + " delta="
                    + delta;
        }
    }

    private final Path file;
    private final String collaborator;
    private final List<Entry> entries;

    private SiteLedger(Path file, String collaborator, List<Entry> entries) {
        this.file = file;
        this.collaborator = collaborator;
        this.entries = entries;
    }

    /** The ledger of {@code collaborator} in {@code workspace}: {@code save/privacy_ledger_<name>.txt}. */
    static Path path(Path workspace, String collaborator) {
        return workspace.resolve("save").resolve("privacy_ledger_" + collaborator + ".txt");
    }

    /** Reads the file, or starts an empty ledger when there is none. */
    static SiteLedger load(Path file, String collaborator) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    entries.add(parse(line));
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + (i + 1) + ": not a privacy ledger line (" + e.getMessage()
                            + "): the site cannot know what its records have spent; restore the file from a"
                            + " backup", e);
                }
            }
        }
        return new SiteLedger(file, collaborator, entries);
    }

    private static Entry parse(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String token : line.split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, found '" + token + "'");
            }
            f.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return new Entry(field(f, "federation"), Long.parseLong(field(f, "round")), field(f, "task"),
                Double.parseDouble(field(f, "sampling_rate")), Double.parseDouble(field(f, "noise_multiplier")),
                Long.parseLong(field(f, "steps")), Double.parseDouble(field(f, "epsilon")),
                Double.parseDouble(field(f, "delta")));
    }

    private static String field(Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v;
    }

    Path file() {
        return file;
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** What the accountant composes: every training's steps, in order. */
    PrivacyLedger ledger() {
        PrivacyLedger out = PrivacyLedger.empty();
        for (Entry e : entries) {
            out = out.plus(e.event(), e.steps());
        }
        return out;
    }

    /** Adds a training and writes the file durably before returning. */
    void append(Entry entry) throws IOException {
        List<Entry> next = new ArrayList<>(entries);
        next.add(entry);
        StringBuilder text = new StringBuilder();
        text.append("# fl4j record-level privacy ledger of collaborator '").append(collaborator)
                .append("': every DP-SGD training of its records, oldest first.\n")
                .append("# Epsilon composes over every line, across rounds, restarts and federations: never edit or")
                .append(" delete a line.\n");
        for (Entry e : next) {
            text.append(e.line()).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
        entries.add(entry);
    }
}
