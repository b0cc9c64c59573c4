package org.fl4j.protocol.openfl;

import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.fl4j.protocol.openfl.wire.MetadataProto;
import org.fl4j.protocol.openfl.wire.NamedTensor;
import org.fl4j.protocol.rpc.FederationException;

/**
 * Tensors in the form OpenFL's {@code NoCompressionPipeline} gives them: one transformer stage
 * ({@code Float32NumpyArrayToBytes}) whose metadata holds the shape in {@code int_list}, and the values as
 * float32 little-endian bytes in row-major order. Tags follow OpenFL's tensor keys: sorted, with
 * {@code compressed} added by the lossless pipeline. Metadata of any other pipeline is refused with a message
 * naming what it looks like and the one fl4j reads.
 */
final class NamedTensors {

    static final String NO_COMPRESSION = "openfl.pipelines.NoCompressionPipeline";
    static final String COMPRESSED = "compressed";
    static final String LOSSY = "lossy_compressed";

    private NamedTensors() {
    }

    /** A tensor of {@code values} in OpenFL's uncompressed form. */
    static NamedTensor encode(String name, int[] shape, float[] values, long round, Collection<String> tags) {
        byte[] bytes = new byte[Math.multiplyExact(values.length, Float.BYTES)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        MetadataProto.Builder stage = MetadataProto.newBuilder();
        for (int d : shape) {
            stage.addIntList(d);
        }
        return NamedTensor.newBuilder()
                .setName(name)
                .setRoundNumber(Math.toIntExact(round))
                .setLossless(true)
                .setReport(false)
                .addAllTags(sortedTags(tags))
                .addTransformerMetadata(stage)
                .setDataBytes(UnsafeByteOperations.unsafeWrap(bytes))
                .build();
    }

    static List<String> sortedTags(Collection<String> tags) {
        return List.copyOf(new TreeSet<>(tags));
    }

    /**
     * The shape a tensor's metadata declares, after checking that {@code NoCompressionPipeline} produced it.
     *
     * @param what names the tensor in refusals
     */
    static int[] shape(List<MetadataProto> stages, Collection<String> tags, String what) {
        if (tags.contains(LOSSY)) {
            throw unsupported(what + " is tagged '" + LOSSY + "'", stages.size());
        }
        if (stages.size() != 1) {
            throw unsupported(what + " carries the metadata of " + stages.size() + " transformer stages", stages.size());
        }
        MetadataProto m = stages.get(0);
        if (m.getIntToFloatCount() != 0 || m.getBoolListCount() != 0) {
            throw unsupported(what + " carries transformer metadata with " + m.getIntToFloatCount()
                    + " int_to_float entries and " + m.getBoolListCount() + " bool_list entries", 1);
        }
        int[] shape = new int[m.getIntListCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = m.getIntList(i);
            if (shape[i] < 0) {
                throw FederationException.invalid(what + ": shape " + m.getIntListList() + " has a negative dimension");
            }
        }
        return shape;
    }

    /** A refusal naming the pipeline the metadata points to and the one fl4j reads. */
    static FederationException unsupported(String found, int stages) {
        String likely = switch (stages) {
            case -1 -> "a lossy compression pipeline";
            case 0 -> "no pipeline at all";
            case 2 -> "a two-stage pipeline such as openfl.pipelines.RandomShiftPipeline or KCPipeline";
            case 3 -> "a three-stage pipeline such as openfl.pipelines.SKCPipeline or STCPipeline";
            default -> "a compression pipeline other than " + NO_COMPRESSION;
        };
        return new FederationException(FederationException.Kind.INVALID, found + ", as " + likely
                + " writes: fl4j implements only " + NO_COMPRESSION + " (float32 bytes, the shape in int_list);"
                + " set compression_pipeline.template to " + NO_COMPRESSION + " in the collaborators' plan");
    }

    static String describe(int[] shape) {
        return Arrays.toString(shape);
    }
}
