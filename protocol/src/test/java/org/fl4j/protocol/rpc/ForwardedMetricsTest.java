package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.fl4j.protocol.v1.ResultBegin;
import org.junit.jupiter.api.Test;

/** The results an intermediate aggregator forwards: they travel in the header and bad ones are refused by name. */
class ForwardedMetricsTest {

    private static final AcceptedCodecs CODECS = AcceptedCodecs.forPlan(false);

    private static ResultHeader parse(ResultBegin b) {
        return Codec.resultHeader(b, 1 << 20, 1 << 16, CODECS);
    }

    @Test
    void roundTrip_originsSampleCountsAndMetricsKept() {
        List<ForwardedMetrics> below = List.of(new ForwardedMetrics("site1", 120, Map.of("accuracy", 0.9)),
                new ForwardedMetrics("hub-b/site3", 80, Map.of("accuracy", 0.8, "loss", 0.4)));
        ResultHeader sent = new ResultHeader(2, "aggregated_model_validation", 200, Map.of("accuracy", 0.86),
                List.of(), below);

        ResultHeader received = parse(Codec.resultBegin(sent));

        assertThat(received).isEqualTo(sent);
        assertThat(received.forwarded().get(1).via("hub-a").origin()).isEqualTo("hub-a/hub-b/site3");
        assertThat(parse(Codec.resultBegin(new ResultHeader(2, "train", 5, Map.of(), List.of()))).forwarded())
                .isEmpty();
    }

    @Test
    void badOrigin_negativeCount_duplicateMetric_refusedNamingTheEntry() {
        for (String origin : List.of("", "site1/", "../etc", "a b", "hub/" + "x".repeat(65))) {
            ResultBegin b = Codec.resultBegin(new ResultHeader(0, "train", 1, Map.of(), List.of(),
                    List.of(new ForwardedMetrics("ok", 1, Map.of()), new ForwardedMetrics(origin, 1, Map.of()))));
            assertThatThrownBy(() -> parse(b)).as(origin).isInstanceOf(FederationException.class)
                    .hasMessageContaining("ResultBegin.forwarded[1].origin must be a participant's name");
        }
        ResultBegin twice = Codec.resultBegin(new ResultHeader(0, "train", 1, Map.of(), List.of())).toBuilder()
                .addForwarded(org.fl4j.protocol.v1.ForwardedMetrics.newBuilder().setOrigin("s1")
                        .addMetrics(org.fl4j.protocol.v1.Metric.newBuilder().setName("loss").setValue(1))
                        .addMetrics(org.fl4j.protocol.v1.Metric.newBuilder().setName("loss").setValue(2)))
                .build();
        assertThatThrownBy(() -> parse(twice)).hasMessageContaining("ResultBegin.forwarded[0].metrics: metric 'loss'"
                + " appears twice");
    }
}
