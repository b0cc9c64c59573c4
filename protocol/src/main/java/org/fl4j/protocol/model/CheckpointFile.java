package org.fl4j.protocol.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.fl4j.protocol.v1.CheckpointHeader;

/**
 * Reads and writes the aggregator's checkpoint ({@code checkpoint.proto}): a header, the model and the
 * strategy's state slots as embedded model files. Writes are atomic ({@link AtomicFiles}).
 */
public final class CheckpointFile {

    static final String FORMAT = "fl4j-checkpoint";
    static final int FORMAT_VERSION = 1;

    private CheckpointFile() {
    }

    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        AtomicFiles.write(file, out -> writeTo(out, checkpoint));
    }

    /** Writes the checkpoint beside {@code file}, to be committed (renamed into place) by the caller. */
    public static AtomicFiles.Pending prepare(Path file, Checkpoint checkpoint) throws IOException {
        return AtomicFiles.prepare(file, out -> writeTo(out, checkpoint));
    }

    static void writeTo(OutputStream out, Checkpoint c) throws IOException {
        CheckpointHeader.newBuilder()
                .setFormat(FORMAT)
                .setFormatVersion(FORMAT_VERSION)
                .setFederationId(c.federationId())
                .setRound(c.round())
                .setHasBestScore(c.bestScore().isPresent())
                .setBestScore(c.bestScore().orElse(0))
                .setBestRound(c.bestRound())
                .setStrategy(c.strategy())
                .setStrategyStep(c.strategyStep())
                .addAllStrategySlots(c.strategySlots().keySet())
                .addAllMetricLines(c.metricLines())
                .build()
                .writeDelimitedTo(out);
        ModelFile.writeTo(out, new SavedModel(c.round(), Map.of(), c.model()));
        for (ModelWeights slot : c.strategySlots().values()) {
            ModelFile.writeTo(out, new SavedModel(c.round(), Map.of(), slot));
        }
    }

    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such checkpoint");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return readFrom(in, file.toString());
        }
    }

    static Checkpoint readFrom(InputStream in, String source) throws IOException {
        CheckpointHeader h;
        try {
            h = CheckpointHeader.parseDelimitedFrom(in);
        } catch (IOException e) {
            throw new IOException(source + ": not an fl4j checkpoint (" + e.getMessage() + ")", e);
        }
        if (h == null || !FORMAT.equals(h.getFormat())) {
            throw new IOException(source + ": not an fl4j checkpoint");
        }
        if (h.getFormatVersion() > FORMAT_VERSION) {
            throw new IOException(source + ": checkpoint format version " + h.getFormatVersion()
                    + " is newer than this fl4j reads (" + FORMAT_VERSION + ")");
        }
        ModelWeights model = ModelFile.readFrom(in, source + " (model)").weights();
        Map<String, ModelWeights> slots = new LinkedHashMap<>();
        for (String slot : h.getStrategySlotsList()) {
            slots.put(slot, ModelFile.readFrom(in, source + " (strategy state '" + slot + "')").weights());
        }
        return new Checkpoint(h.getFederationId(), h.getRound(), model,
                h.getHasBestScore() ? OptionalDouble.of(h.getBestScore()) : OptionalDouble.empty(), h.getBestRound(),
                h.getStrategy(), h.getStrategyStep(), slots, h.getMetricLinesList());
    }
}
