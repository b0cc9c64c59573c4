package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AcceptedCodecsTest {

    private static final String WHERE = "ResultBegin.tensors[0] 'w'";

    @Test
    void check_rawFloat32_acceptedEitherWay() {
        assertThatCode(() -> AcceptedCodecs.NONE.check("", WHERE)).doesNotThrowAnyException();
        assertThatCode(() -> AcceptedCodecs.forPlan(true).check("", WHERE)).doesNotThrowAnyException();
    }

    @Test
    void check_secaggWithSecureAggregation_accepted() {
        assertThatCode(() -> AcceptedCodecs.forPlan(true).check(AcceptedCodecs.SECAGG_INT32, WHERE))
                .doesNotThrowAnyException();
    }

    @Test
    void check_secaggWithoutSecureAggregation_refusedNamingTheSetting() {
        assertThatThrownBy(() -> AcceptedCodecs.forPlan(false).check("secagg-int32", WHERE))
                .isInstanceOfSatisfying(FederationException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.kind()).isEqualTo(FederationException.Kind.INVALID))
                .hasMessageContaining(WHERE)
                .hasMessageContaining("codec 'secagg-int32'")
                .hasMessageContaining("aggregator.settings.secure_aggregation");
    }

    @Test
    void check_unknownCodec_refusedNamingIt() {
        assertThatThrownBy(() -> AcceptedCodecs.forPlan(true).check("zstd", WHERE))
                .hasMessageContaining("unknown codec 'zstd'").hasMessageContaining("'secagg-int32'");
        assertThatThrownBy(() -> AcceptedCodecs.NONE.check("zstd", WHERE))
                .hasMessageContaining("unknown codec 'zstd'").hasMessageContaining("raw float32 only");
    }
}
