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
 * Reads and writes the aggregator's checkpoint ({@code checkpoint.proto}): a header and the strategy's state
 * slots as embedded model files. The global model is not in it (format 2): it is the model file the
 * aggregator writes just before, which carries the checkpoint's token in its provenance
 * ({@link #TOKEN_KEY}), so a round writes its model once; a reader finds it through a {@link ModelLookup}.
 * Checkpoints of format 1, which embed the model after the header, are still read. Writes are atomic
 * ({@link AtomicFiles}).
 */
public final class CheckpointFile {

    /** The provenance entry of the model file that holds a checkpoint's global model. */
    public static final String TOKEN_KEY = "checkpoint";

    static final String FORMAT = "fl4j-checkpoint";
    static final int FORMAT_VERSION = 2;
    static final int EMBEDDED_MODEL_VERSION = 1;

    /** Finds the model file that carries a checkpoint's token and reads its weights. */
    @FunctionalInterface
    public interface ModelLookup {
        ModelWeights find(String token) throws IOException;
    }

    private CheckpointFile() {
    }

    /**
     * Writes the checkpoint beside {@code file}, to be committed (renamed into place) by the caller once the
     * model file carrying {@code modelToken} is on disk. {@code checkpoint.model()} is not written.
     */
    public static AtomicFiles.Pending prepare(Path file, Checkpoint checkpoint, String modelToken)
            throws IOException {
        if (modelToken == null || modelToken.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint needs the token of its model file");
        }
        return AtomicFiles.prepare(file, out -> writeTo(out, checkpoint, FORMAT_VERSION, modelToken));
    }

    /** A format 1 checkpoint, with the model embedded: what earlier fl4j versions wrote. */
    static void writeEmbedded(Path file, Checkpoint checkpoint) throws IOException {
        AtomicFiles.write(file, out -> writeTo(out, checkpoint, EMBEDDED_MODEL_VERSION, ""));
    }

    private static void writeTo(OutputStream out, Checkpoint c, int version, String modelToken)
            throws IOException {
        CheckpointHeader.newBuilder()
                .setFormat(FORMAT)
                .setFormatVersion(version)
                .setFederationId(c.federationId())
                .setRound(c.round())
                .setHasBestScore(c.bestScore().isPresent())
                .setBestScore(c.bestScore().orElse(0))
                .setBestRound(c.bestRound())
                .setStrategy(c.strategy())
                .setStrategyStep(c.strategyStep())
                .addAllStrategySlots(c.strategySlots().keySet())
                .addAllMetricLines(c.metricLines())
                .setModelToken(modelToken)
                .putAllStageState(c.stageState())
                .build()
                .writeDelimitedTo(out);
        if (version == EMBEDDED_MODEL_VERSION) {
            ModelFile.writeTo(out, new SavedModel(c.round(), Map.of(), c.model()));
        }
        for (ModelWeights slot : c.strategySlots().values()) {
            ModelFile.writeTo(out, new SavedModel(c.round(), Map.of(), slot));
        }
    }

    /** Reads the checkpoint; a format 2 checkpoint's model comes from {@code models}. */
    public static Checkpoint read(Path file, ModelLookup models) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such checkpoint");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return readFrom(in, file.toString(), models);
        }
    }

    static Checkpoint readFrom(InputStream in, String source, ModelLookup models) throws IOException {
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
        ModelWeights model;
        if (h.getFormatVersion() <= EMBEDDED_MODEL_VERSION) {
            model = ModelFile.readFrom(in, source + " (model)").weights();
        } else if (h.getModelToken().isEmpty()) {
            throw new IOException(source + ": the checkpoint names no model file token");
        } else {
            model = null;
        }
        Map<String, ModelWeights> slots = new LinkedHashMap<>();
        for (String slot : h.getStrategySlotsList()) {
            slots.put(slot, ModelFile.readFrom(in, source + " (strategy state '" + slot + "')").weights());
        }
        if (model == null) {
            model = models.find(h.getModelToken());
        }
        return new Checkpoint(h.getFederationId(), h.getRound(), model,
                h.getHasBestScore() ? OptionalDouble.of(h.getBestScore()) : OptionalDouble.empty(), h.getBestRound(),
                h.getStrategy(), h.getStrategyStep(), slots, h.getMetricLinesList(), h.getStageStateMap());
    }
}
