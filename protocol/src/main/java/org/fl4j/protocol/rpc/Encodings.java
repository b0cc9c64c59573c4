package org.fl4j.protocol.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.fl4j.protocol.codec.CodecException;
import org.fl4j.protocol.codec.Codecs;
import org.fl4j.protocol.codec.Encoding;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.v1.CodecMetadata;
import org.fl4j.protocol.v1.CodecStage;

/**
 * A tensor's {@link Encoding} (or secure-aggregation masked input) to and from {@code TensorSpec.codec} and
 * {@code codec_metadata} (codec.proto). Reading refuses unknown codecs naming them, a masked input where the
 * receiver takes none, metadata whose stages differ from the codec name, and chunk sizes
 * beyond what the receiver decodes in its chunk-sized buffers.
 */
final class Encodings {

    private Encodings() {
    }

    static void write(TensorSpec spec, org.fl4j.protocol.v1.TensorSpec.Builder b) {
        if (spec.maskedInput() != null) {
            b.setCodec(AcceptedCodecs.SECAGG_INT32).setCodecMetadata(ByteString.copyFrom(spec.maskedInput()));
            return;
        }
        Encoding e = spec.encoding();
        if (e == null) {
            return;
        }
        CodecMetadata.Builder m = CodecMetadata.newBuilder().setChunkValues(e.chunkValues());
        e.baseRound().ifPresent(r -> m.setDelta(true).setBaseRound(r));
        for (Pipeline.StageSpec s : e.pipeline().specs()) {
            m.addStages(CodecStage.newBuilder().setName(s.name()).putAllParams(s.params()));
        }
        b.setCodec(e.codecName()).setCodecMetadata(m.build().toByteString());
    }

    /**
     * The spec of tensor {@code name} of {@code shape} with the codec {@code s} declares.
     *
     * @param chunkBytes the receiver's chunk limit: chunks may hold at most this many values
     * @param codecs     whether this receiver takes a secure-aggregation masked input
     */
    static TensorSpec read(String name, int[] shape, org.fl4j.protocol.v1.TensorSpec s, int chunkBytes,
            String where, AcceptedCodecs codecs) {
        if (s.getCodec().isEmpty()) {
            if (!s.getCodecMetadata().isEmpty()) {
                throw FederationException.invalid(where + ": codec_metadata without a codec");
            }
            return new TensorSpec(name, shape);
        }
        if (codecs.takesMaskedInput(s.getCodec(), where)) {
            return TensorSpec.maskedInput(name, shape, s.getCodecMetadata().toByteArray());
        }
        return new TensorSpec(name, shape, encoding(s, chunkBytes, where));
    }

    private static Encoding encoding(org.fl4j.protocol.v1.TensorSpec s, int chunkBytes, String where) {
        List<String> names = List.of(s.getCodec().split("\\+", -1));
        boolean delta = names.get(0).equals(Encoding.DELTA);
        List<String> stages = delta ? names.subList(1, names.size()) : names;
        CodecMetadata m;
        try {
            m = CodecMetadata.parseFrom(s.getCodecMetadata());
        } catch (InvalidProtocolBufferException e) {
            throw FederationException.invalid(where + ": codec '" + s.getCodec() + "': codec_metadata is not a"
                    + " CodecMetadata (" + e.getMessage() + ")");
        }
        List<Pipeline.StageSpec> specs = new ArrayList<>();
        for (CodecStage st : m.getStagesList()) {
            specs.add(new Pipeline.StageSpec(st.getName(), st.getParamsMap()));
        }
        for (String name : stages) {
            if (!Codecs.names().contains(name)) {
                throw FederationException.invalid(where + ": unknown codec '" + name + "' in '" + s.getCodec()
                        + "' (this build knows " + String.join(", ", Codecs.names()) + ")");
            }
        }
        Pipeline pipeline;
        try {
            pipeline = Pipeline.of(specs);
        } catch (CodecException e) {
            throw FederationException.invalid(where + ": " + e.getMessage());
        }
        if (!pipeline.name().equals(String.join("+", stages)) || delta != m.getDelta()) {
            throw FederationException.invalid(where + ": codec '" + s.getCodec() + "' does not match its"
                    + " codec_metadata, which declares " + (m.getDelta() ? "delta+" : "") + pipeline.name());
        }
        if (m.getChunkValues() < 1 || m.getChunkValues() > chunkBytes) {
            throw FederationException.invalid(where + ": codec_metadata.chunk_values must be in [1, " + chunkBytes
                    + "], found " + Integer.toUnsignedString(m.getChunkValues()));
        }
        return new Encoding(pipeline, m.getChunkValues(), delta ? OptionalLong.of(m.getBaseRound()) : OptionalLong.empty());
    }
}
