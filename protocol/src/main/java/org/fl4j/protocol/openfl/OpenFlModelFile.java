package org.fl4j.protocol.openfl;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fl4j.protocol.model.AtomicFiles;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.openfl.wire.ModelProto;
import org.fl4j.protocol.openfl.wire.NamedTensor;
import org.fl4j.protocol.rpc.FederationException;

/**
 * OpenFL's model files ({@code save/*_init.pbuf}, {@code *_best.pbuf}, {@code *_last.pbuf}): a serialized
 * {@code ModelProto}, one {@code NamedTensor} per tensor in {@code NoCompressionPipeline} form, tagged
 * {@code model}, every tensor carrying the model's round. They hold no provenance. Read and written one tensor
 * at a time, so neither side holds the serialized model whole; writes are atomic ({@link AtomicFiles}).
 */
public final class OpenFlModelFile {

    /** The file name extension of OpenFL's model files. */
    public static final String EXTENSION = ".pbuf";
    private static final int TENSORS = ModelProto.TENSORS_FIELD_NUMBER;

    private OpenFlModelFile() {
    }

    /** True when {@code file} is named as an OpenFL model file. */
    public static boolean is(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().endsWith(EXTENSION);
    }

    public static void write(Path file, SavedModel model) throws IOException {
        AtomicFiles.write(file, out -> writeTo(out, model));
    }

    public static void writeTo(OutputStream out, SavedModel model) throws IOException {
        CodedOutputStream coded = CodedOutputStream.newInstance(out, 1 << 16);
        for (Tensor t : model.weights().tensors()) {
            coded.writeMessage(TENSORS, NamedTensors.encode(t.name(), t.shape(), t.values(), model.round(),
                    Set.of("model")));
        }
        coded.flush();
    }

    public static SavedModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such model file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return readFrom(in, file.toString());
        }
    }

    public static SavedModel readFrom(InputStream in, String source) throws IOException {
        CodedInputStream coded = CodedInputStream.newInstance(in);
        coded.setSizeLimit(Integer.MAX_VALUE);
        List<Tensor> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Integer round = null;
        try {
            for (int tag = coded.readTag(); tag != 0; tag = coded.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) != TENSORS
                        || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    coded.skipField(tag);
                    continue;
                }
                int limit = coded.pushLimit(coded.readRawVarint32());
                NamedTensor t = NamedTensor.parseFrom(coded);
                coded.popLimit(limit);
                String what = source + ": tensor " + tensors.size() + " '" + t.getName() + "'";
                if (round != null && round != t.getRoundNumber()) {
                    throw new IOException(what + " is of round " + t.getRoundNumber() + ", the tensors before it of round "
                            + round);
                }
                round = t.getRoundNumber();
                if (t.getName().isBlank() || !names.add(t.getName())) {
                    throw new IOException(what + ": tensor names must be unique and not blank");
                }
                tensors.add(tensor(t, what));
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(source + ": not an OpenFL model file (ModelProto): " + e.getMessage(), e);
        }
        if (tensors.isEmpty()) {
            throw new IOException(source + ": an OpenFL model file without tensors");
        }
        if (round < 0) {
            throw new IOException(source + ": negative round " + round);
        }
        return new SavedModel(round, Map.of(), new ModelWeights(tensors));
    }

    private static Tensor tensor(NamedTensor t, String what) throws IOException {
        int[] shape;
        try {
            shape = NamedTensors.shape(t.getTransformerMetadataList(), t.getTagsList(), what);
        } catch (FederationException e) {
            throw new IOException(e.getMessage(), e);
        }
        long elements = Tensor.elementCount(shape);
        if (t.getDataBytes().size() != 4 * elements) {
            throw new IOException(what + ": " + t.getDataBytes().size() + " bytes of data for shape "
                    + NamedTensors.describe(shape) + " (" + elements + " float32 values)");
        }
        float[] values = new float[(int) elements];
        t.getDataBytes().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new Tensor(t.getName(), shape, values);
    }
}
