package org.fl4j.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.fl4j.plan.SecureAggregationSettings;
import org.junit.jupiter.api.Test;

class RoundParametersTest {

    private static final SecureAggregationSettings DEFAULTS = SecureAggregationSettings.disabled();

    @Test
    void resolve_defaults_followThePlanRules() {
        RoundParameters ten = RoundParameters.resolve(DEFAULTS, "fl4j-0123456789abcdef", 2, TestSites.names(10), 7);
        RoundParameters thousand = RoundParameters.resolve(DEFAULTS, "fl4j-0123456789abcdef", 2,
                TestSites.names(1000), 7);

        assertThat(ten.graph().isComplete()).isTrue();
        assertThat(ten.threshold()).isEqualTo(6);
        assertThat(ten.quantisation().bits()).isEqualTo(15);
        assertThat(ten.maskedLength()).isEqualTo(8);
        assertThat(thousand.graph().degree()).isEqualTo(242);
        assertThat(thousand.threshold()).isEqualTo(160);
        assertThat(thousand.quantisation().bits()).isEqualTo(8);
        assertThat(thousand.toString()).contains("1000 participants, 242 neighbours each, threshold 160, 8 bits");
    }

    @Test
    void resolve_explicitBitsOverflowingTheRealRound_refusedNamingTheSetting() {
        SecureAggregationSettings sixteen = new SecureAggregationSettings(true, 0.66, OptionalInt.empty(), 1.0,
                OptionalInt.of(16), 10_000, 60);

        assertThat(RoundParameters.resolve(sixteen, "f", 1, TestSites.names(6), 3).quantisation().bits()).isEqualTo(16);
        assertThatThrownBy(() -> RoundParameters.resolve(sixteen, "f", 1, TestSites.names(7), 3))
                .isInstanceOfSatisfying(SecAggException.class,
                        e -> assertThat(e.kind()).isEqualTo(SecAggException.Kind.CONFIGURATION))
                .hasMessage("aggregator.settings.secure_aggregation_settings.bits: 16 overflows the 32-bit sum of 7"
                        + " participants with weight_cap 10000 (7 x 10000 x 32767 > 2^31 - 1): use at most 15,"
                        + " or auto");
    }

    @Test
    void resolve_badParticipants_refused() {
        assertThatThrownBy(() -> RoundParameters.resolve(DEFAULTS, "f", 1, List.of("a"), 3))
                .hasMessage("secure aggregation needs at least 2 participants, found 1");
        assertThatThrownBy(() -> RoundParameters.resolve(DEFAULTS, "f", 1, List.of("a", "a"), 3))
                .hasMessageContaining("name a collaborator twice");
        assertThatThrownBy(() -> RoundParameters.resolve(DEFAULTS, "f", 1, List.of("a", "../b"), 3))
                .hasMessage("participant name '../b' is not a valid collaborator name");
    }

    @Test
    void participantsDigest_dependsOnRoundAndParticipants() {
        byte[] d = RoundParameters.resolve(DEFAULTS, "f", 1, List.of("a", "b"), 3).participantsDigest();
        assertThat(RoundParameters.resolve(DEFAULTS, "f", 1, List.of("b", "a"), 3).participantsDigest()).isEqualTo(d);
        assertThat(RoundParameters.resolve(DEFAULTS, "f", 2, List.of("a", "b"), 3).participantsDigest())
                .isNotEqualTo(d);
        assertThat(RoundParameters.resolve(DEFAULTS, "f", 1, List.of("a", "b", "c"), 3).participantsDigest())
                .isNotEqualTo(d);
    }
}
