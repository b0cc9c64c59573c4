package org.fl4j.aggregator.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.protocol.model.AtomicFiles;

/**
 * Every noisy model the aggregator has released, written durably before the model leaves it
 * ({@code save/privacy_ledger_aggregator.txt}, beside the checkpoint), one line a round, e.g.
 *
 * <pre>
 * federation=fl4j-3f1c... round=2 sampling_rate=1.0 noise_multiplier=1.2 clip_norm=0.1 participants=2
 *     epsilon=9.73 delta=1.0E-5   (one line in the file)
 * </pre>
 *
 * Why a file besides the checkpoint: the aggregator serves round r+1's model while round r's checkpoint is
 * still being written in the background, so a crash in between restarts from a checkpoint that does not
 * count a model collaborators already hold. The journal does, and a restart composes what it holds beyond
 * the checkpoint's ledger. The file is replaced atomically (temporary file, fsync, rename) a line at a time.
 */
final class ReleaseJournal {

    /** One released round. */
    record Line(String federation, long round, double samplingRate, double noiseMultiplier, double clipNorm,
            int participants, double epsilon, double delta) {

        String text() {
            return String.format(Locale.ROOT, "federation=%s round=%d sampling_rate=%s noise_multiplier=%s"
                    + " clip_norm=%s participants=%d epsilon=%s delta=%s", federation, round, samplingRate,
                    noiseMultiplier, clipNorm, participants, epsilon, delta);
        }

        PoissonGaussian event() {
            return new PoissonGaussian(samplingRate, noiseMultiplier);
        }
    }

    private final Path file;
    private final List<Line> lines;

    private ReleaseJournal(Path file, List<Line> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads the journal, or starts an empty one when there is no file. */
    static ReleaseJournal load(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (Files.exists(file)) {
            List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < text.size(); i++) {
                String t = text.get(i).strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    try {
                        lines.add(parse(t));
                    } catch (RuntimeException e) {
                        throw new IOException(file + ":" + (i + 1) + ": not a privacy ledger line (" + e.getMessage()
                                + "): the aggregator cannot know what the collaborators' updates have spent; restore"
                                + " the file from a backup", e);
                    }
                }
            }
        }
        return new ReleaseJournal(file, lines);
    }

    private static Line parse(String text) {
        java.util.Map<String, String> f = new java.util.HashMap<>();
        for (String token : text.split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, found '" + token + "'");
            }
            f.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return new Line(need(f, "federation"), Long.parseLong(need(f, "round")),
                Double.parseDouble(need(f, "sampling_rate")),
                Double.parseDouble(need(f, "noise_multiplier")), Double.parseDouble(need(f, "clip_norm")),
                Integer.parseInt(need(f, "participants")), Double.parseDouble(need(f, "epsilon")),
                Double.parseDouble(need(f, "delta")));
    }

    private static String need(java.util.Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v;
    }

    Path file() {
        return file;
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The releases of {@code federation}, oldest first. */
    List<Line> of(String federation) {
        return lines.stream().filter(l -> l.federation().equals(federation)).toList();
    }

    /** Adds a release and writes the file durably before returning. */
    void append(Line line) throws IOException {
        StringBuilder text = new StringBuilder("# fl4j client-level privacy ledger of the aggregator: every noisy"
                + " model it released, oldest first.\n# Epsilon composes over every line: never edit or delete"
                + " one.\n");
        for (Line l : lines) {
            text.append(l.text()).append('\n');
        }
        text.append(line.text()).append('\n');
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
        lines.add(line);
    }
}
