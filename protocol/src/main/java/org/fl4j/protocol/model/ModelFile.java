package org.fl4j.protocol.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.openfl.OpenFlModelFile;
import org.fl4j.protocol.v1.SavedModelHeader;
import org.fl4j.protocol.v1.SavedTensor;

/**
 * Reads and writes fl4j model files (see {@code model_file.proto}). Writes go through {@link AtomicFiles}, so a
 * crash leaves either the old file or the new one, never half of one. A path ending in {@code .pbuf} is read
 * and written as OpenFL's model file instead ({@link OpenFlModelFile}: no provenance).
 */
public final class ModelFile {

    static final String FORMAT = "fl4j-model";
    static final int FORMAT_VERSION = 1;
    private static final int DATA_FIELD = SavedTensor.DATA_FIELD_NUMBER;
    private static final int SCRATCH_BYTES = 1 << 20;

    private ModelFile() {
    }

    public static void write(Path file, SavedModel model) throws IOException {
        if (OpenFlModelFile.is(file)) {
            OpenFlModelFile.write(file, model);
            return;
        }
        AtomicFiles.write(file, out -> writeTo(out, model));
    }

    public static void writeTo(OutputStream out, SavedModel model) throws IOException {
        List<Tensor> tensors = model.weights().tensors();
        SavedModelHeader.newBuilder()
                .setFormat(FORMAT)
                .setFormatVersion(FORMAT_VERSION)
                .setRound(model.round())
                .putAllProvenance(model.provenance())
                .setTensorCount(tensors.size())
                .build()
                .writeDelimitedTo(out);
        CodedOutputStream coded = CodedOutputStream.newInstance(out, 1 << 16);
        byte[] scratch = new byte[SCRATCH_BYTES];
        for (Tensor t : tensors) {
            writeTensor(coded, t, scratch);
        }
        coded.flush();
    }

    /**
     * Writes one delimited {@code SavedTensor}, its {@code data} field streamed from the float array through
     * {@code scratch}: the same bytes as serializing the message, without two model-sized copies.
     */
    private static void writeTensor(CodedOutputStream coded, Tensor t, byte[] scratch) throws IOException {
        SavedTensor.Builder b = SavedTensor.newBuilder().setName(t.name());
        for (int dim : t.shape()) {
            b.addShape(dim);
        }
        SavedTensor head = b.build();
        float[] values = t.values();
        long dataBytes = 4L * values.length;
        long size = head.getSerializedSize() + (dataBytes == 0 ? 0 : CodedOutputStream.computeTagSize(DATA_FIELD)
                + CodedOutputStream.computeUInt64SizeNoTag(dataBytes) + dataBytes);
        if (size > Integer.MAX_VALUE) {
            throw new IOException("tensor '" + t.name() + "' of " + values.length + " values is too large for a"
                    + " model file (2 GiB per tensor)");
        }
        coded.writeUInt32NoTag((int) size);
        head.writeTo(coded);
        if (dataBytes == 0) {
            return;
        }
        coded.writeTag(DATA_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        coded.writeUInt32NoTag((int) dataBytes);
        LittleEndianFloats.write(values, 0, values.length, scratch, coded::writeRawBytes);
    }

    public static SavedModel read(Path file) throws IOException {
        if (OpenFlModelFile.is(file)) {
            return OpenFlModelFile.read(file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such model file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return readFrom(in, file.toString());
        }
    }

    /** The round and provenance of a model file, without reading its tensors. */
    public static SavedModel readHeader(Path file) throws IOException {
        if (OpenFlModelFile.is(file)) {
            SavedModel m = OpenFlModelFile.read(file);
            return new SavedModel(m.round(), m.provenance(), new ModelWeights(List.of()));
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such model file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            SavedModelHeader header = header(in, file.toString());
            return new SavedModel(header.getRound(), header.getProvenanceMap(), new ModelWeights(List.of()));
        }
    }

    public static SavedModel readFrom(InputStream in, String source) throws IOException {
        SavedModelHeader header = header(in, source);
        List<Tensor> tensors = new ArrayList<>(header.getTensorCount());
        for (int i = 0; i < header.getTensorCount(); i++) {
            SavedTensor st = parseTensor(in, source, i);
            int[] shape = st.getShapeList().stream().mapToInt(Math::toIntExact).toArray();
            try {
                tensors.add(new Tensor(st.getName(), shape, toFloats(st.getData())));
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": " + e.getMessage(), e);
            }
        }
        return new SavedModel(header.getRound(), header.getProvenanceMap(), new ModelWeights(tensors));
    }

    private static SavedModelHeader header(InputStream in, String source) throws IOException {
        SavedModelHeader header;
        try {
            header = SavedModelHeader.parseDelimitedFrom(in);
        } catch (IOException e) {
            throw new IOException(source + ": not an fl4j model file (" + e.getMessage() + ")", e);
        }
        if (header == null || !FORMAT.equals(header.getFormat())) {
            throw new IOException(source + ": not an fl4j model file");
        }
        if (header.getFormatVersion() > FORMAT_VERSION) {
            throw new IOException(source + ": model format version " + header.getFormatVersion()
                    + " is newer than this fl4j reads (" + FORMAT_VERSION + ")");
        }
        return header;
    }

    private static SavedTensor parseTensor(InputStream in, String source, int index) throws IOException {
        int first = in.read();
        if (first == -1) {
            throw new IOException(source + ": truncated model file (tensor " + index + " missing)");
        }
        int size = CodedInputStream.readRawVarint32(first, in);
        CodedInputStream coded = UnsafeByteOperations.unsafeWrap(in.readNBytes(size)).newCodedInput();
        coded.setSizeLimit(Integer.MAX_VALUE);
        // The array is this tensor's alone and never written again: its data field aliases it instead of
        // copying (aliasing applies only to input protobuf knows to be immutable, hence the wrapping).
        coded.enableAliasing(true);
        try {
            return SavedTensor.parseFrom(coded);
        } catch (IOException e) {
            throw new IOException(source + ": truncated or corrupt tensor " + index + " (" + e.getMessage() + ")",
                    e);
        }
    }

    /** Little-endian float32 bytes as values. */
    public static float[] toFloats(ByteString bytes) {
        if (bytes.size() % 4 != 0) {
            throw new IllegalArgumentException("float32 data of " + bytes.size() + " bytes is not a multiple of 4");
        }
        float[] out = new float[bytes.size() / 4];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
