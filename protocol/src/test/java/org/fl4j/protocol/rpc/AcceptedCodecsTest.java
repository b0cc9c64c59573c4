package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.fl4j.protocol.v1.DType;
import org.junit.jupiter.api.Test;

/** Which codecs a receiver reads from a tensor spec: through {@link Encodings#read}, as the wire does. */
class AcceptedCodecsTest {

    private static final String WHERE = "ResultBegin.tensors[0] 'w'";
    private static final byte[] METADATA = {1, 2, 3};

    private static TensorSpec read(String codec, byte[] metadata, AcceptedCodecs codecs) {
        var wire = org.fl4j.protocol.v1.TensorSpec.newBuilder().setName("w").setDtype(DType.FLOAT32).addShape(8)
                .setCodec(codec).setCodecMetadata(ByteString.copyFrom(metadata)).build();
        return Encodings.read("w", new int[] {8}, wire, 1 << 20, WHERE, codecs);
    }

    @Test
    void read_rawFloat32_acceptedEitherWay() {
        assertThat(read("", new byte[0], AcceptedCodecs.PLAIN).codec()).isEmpty();
        assertThat(read("", new byte[0], AcceptedCodecs.forPlan(true)).codec()).isEmpty();
    }

    @Test
    void read_maskedInputWithSecureAggregation_keepsItsMetadataAndTravelsRaw() {
        TensorSpec spec = read(AcceptedCodecs.SECAGG_INT32, METADATA, AcceptedCodecs.forPlan(true));

        assertThat(spec.maskedInput()).containsExactly(METADATA);
        assertThat(spec.encoding()).isNull();
        assertThat(spec.codec()).isEqualTo(AcceptedCodecs.SECAGG_INT32);
        var rewritten = org.fl4j.protocol.v1.TensorSpec.newBuilder();
        Encodings.write(spec, rewritten);
        assertThat(rewritten.getCodec()).isEqualTo(AcceptedCodecs.SECAGG_INT32);
        assertThat(rewritten.getCodecMetadata().toByteArray()).containsExactly(METADATA);
    }

    @Test
    void read_maskedInputWithoutSecureAggregation_refusedNamingTheSetting() {
        assertThatThrownBy(() -> read("secagg-int32", METADATA, AcceptedCodecs.PLAIN))
                .isInstanceOfSatisfying(FederationException.class,
                        e -> assertThat(e.kind()).isEqualTo(FederationException.Kind.INVALID))
                .hasMessageContaining(WHERE)
                .hasMessageContaining("codec 'secagg-int32'")
                .hasMessageContaining("aggregator.settings.secure_aggregation");
    }

    @Test
    void read_unknownCodec_refusedNamingItEitherWay() {
        assertThatThrownBy(() -> read("zstd", new byte[0], AcceptedCodecs.forPlan(true)))
                .hasMessageContaining(WHERE).hasMessageContaining("unknown codec 'zstd'");
        assertThatThrownBy(() -> read("zstd", new byte[0], AcceptedCodecs.PLAIN))
                .hasMessageContaining("unknown codec 'zstd'");
    }
}
