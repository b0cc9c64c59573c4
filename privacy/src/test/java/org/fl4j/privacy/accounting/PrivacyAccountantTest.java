package org.fl4j.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What callers rely on: immutability, what-if queries, ledgers, replay, and clear refusals. */
class PrivacyAccountantTest {

    private static final PoissonGaussian STEP = new PoissonGaussian(0.02, 1.2);
    private static final PoissonGaussian OTHER = new PoissonGaussian(0.05, 0.9);

    @ParameterizedTest
    @EnumSource(AccountantKind.class)
    void empty_hasEpsilonZeroAndEmptyLedger(AccountantKind kind) {
        PrivacyAccountant a = PrivacyAccountant.create(kind);

        assertThat(a.kind()).isEqualTo(kind);
        assertThat(a.epsilon(1e-5)).isZero();
        assertThat(a.ledger().entries()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(AccountantKind.class)
    void compose_returnsNewAccountantAndLeavesThisOneUnchanged(AccountantKind kind) {
        PrivacyAccountant a = PrivacyAccountant.create(kind).compose(STEP, 100);
        double before = a.epsilon(1e-5);

        PrivacyAccountant b = a.compose(STEP, 100);

        assertThat(b).isNotSameAs(a);
        assertThat(a.ledger().steps()).isEqualTo(100);
        assertThat(a.epsilon(1e-5)).isEqualTo(before);
        assertThat(b.epsilon(1e-5)).isGreaterThan(before);
    }

    @ParameterizedTest
    @EnumSource(AccountantKind.class)
    void epsilonAfter_equalsComposingButCommitsNothing(AccountantKind kind) {
        PrivacyAccountant a = PrivacyAccountant.create(kind).compose(STEP, 100);

        double after = a.epsilonAfter(STEP, 50, 1e-5);

        assertThat(after).isEqualTo(PrivacyAccountant.create(kind).compose(STEP, 150).epsilon(1e-5));
        assertThat(a.ledger().steps()).isEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(AccountantKind.class)
    void ledger_mergesConsecutiveEqualEventsAndKeepsOrder(AccountantKind kind) {
        PrivacyAccountant a = PrivacyAccountant.create(kind).compose(STEP, 30).compose(STEP, 20).compose(OTHER, 5)
                .compose(STEP, 1).compose(OTHER, 0);

        assertThat(a.ledger().entries()).containsExactly(new PrivacyLedger.Entry(STEP, 50),
                new PrivacyLedger.Entry(OTHER, 5), new PrivacyLedger.Entry(STEP, 1));
        assertThat(a.ledger().steps()).isEqualTo(56);
    }

    @ParameterizedTest
    @EnumSource(AccountantKind.class)
    void replay_ofEncodedLedger_restoresTheSameEpsilon(AccountantKind kind) {
        PrivacyAccountant a = PrivacyAccountant.create(kind).compose(STEP, 120).compose(OTHER, 7).compose(STEP, 3);

        String text = a.ledger().encode();
        PrivacyAccountant restored = PrivacyAccountant.create(kind).replay(PrivacyLedger.decode(text));

        assertThat(text).isEqualTo("0.02 1.2 120;0.05 0.9 7;0.02 1.2 3");
        assertThat(restored.ledger()).isEqualTo(a.ledger());
        assertThat(restored.epsilon(1e-5)).isEqualTo(a.epsilon(1e-5));
    }

    @ParameterizedTest
    @EnumSource(AccountantKind.class)
    void composition_doesNotDependOnOrder(AccountantKind kind) {
        double ab = PrivacyAccountant.create(kind).compose(STEP, 200).compose(OTHER, 40).epsilon(1e-5);
        double ba = PrivacyAccountant.create(kind).compose(OTHER, 40).compose(STEP, 200).epsilon(1e-5);
        double split = PrivacyAccountant.create(kind).compose(STEP, 100).compose(OTHER, 40).compose(STEP, 100)
                .epsilon(1e-5);

        assertThat(ba).isCloseTo(ab, withinPercentage(1e-6));
        assertThat(split).isCloseTo(ab, withinPercentage(1e-6));
    }

    @ParameterizedTest
    @EnumSource(AccountantKind.class)
    void heterogeneousSteps_fallBetweenTheHomogeneousOnes(AccountantKind kind) {
        double mixed = PrivacyAccountant.create(kind).compose(STEP, 100).compose(OTHER, 100).epsilon(1e-5);
        double onlyStep = PrivacyAccountant.create(kind).compose(STEP, 200).epsilon(1e-5);
        double onlyOther = PrivacyAccountant.create(kind).compose(OTHER, 200).epsilon(1e-5);

        assertThat(mixed).isBetween(Math.min(onlyStep, onlyOther), Math.max(onlyStep, onlyOther));
    }

    @ParameterizedTest
    @EnumSource(AccountantKind.class)
    void badArguments_areRefusedWithTheValue(AccountantKind kind) {
        PrivacyAccountant a = PrivacyAccountant.create(kind);

        assertThatThrownBy(() -> a.epsilon(0)).hasMessage("delta must be in (0, 1), found 0.0");
        assertThatThrownBy(() -> a.epsilon(1)).hasMessage("delta must be in (0, 1), found 1.0");
        assertThatThrownBy(() -> a.compose(STEP, -1)).hasMessage("count must be >= 0, found -1");
    }

    @org.junit.jupiter.api.Test
    void poissonGaussian_refusesOutOfRangeParameters() {
        assertThatThrownBy(() -> new PoissonGaussian(0, 1)).hasMessage("sampling rate must be in (0, 1], found 0.0");
        assertThatThrownBy(() -> new PoissonGaussian(1.5, 1)).hasMessage("sampling rate must be in (0, 1], found 1.5");
        assertThatThrownBy(() -> new PoissonGaussian(0.1, 0))
                .hasMessage("noise multiplier must be a positive number, found 0.0");
        assertThatThrownBy(() -> new PoissonGaussian(0.1, -2))
                .hasMessage("noise multiplier must be a positive number, found -2.0");
        assertThatThrownBy(() -> new PoissonGaussian(Double.NaN, 1)).hasMessageContaining("found NaN");
    }

    @org.junit.jupiter.api.Test
    void ledgerDecode_refusesMalformedText() {
        assertThat(PrivacyLedger.decode("")).isEqualTo(PrivacyLedger.empty());
        assertThat(PrivacyLedger.decode(" 1 2 3 ").entries()).isEqualTo(List.of(
                new PrivacyLedger.Entry(new PoissonGaussian(1, 2), 3)));
        assertThatThrownBy(() -> PrivacyLedger.decode("0.1 1")).hasMessageContaining("found '0.1 1'");
        assertThatThrownBy(() -> PrivacyLedger.decode("0.1 x 3")).hasMessageContaining("found '0.1 x 3'");
        assertThatThrownBy(() -> PrivacyLedger.decode("0.1 1 0")).hasMessageContaining("at least 1 step, found 0");
    }

    @org.junit.jupiter.api.Test
    void accountantKind_readsPlanNames() {
        assertThat(AccountantKind.ofPlanName("pld")).isEqualTo(AccountantKind.PLD);
        assertThat(AccountantKind.ofPlanName("RDP")).isEqualTo(AccountantKind.RDP);
        assertThat(AccountantKind.RDP.planName()).isEqualTo("rdp");
        assertThatThrownBy(() -> AccountantKind.ofPlanName("moments"))
                .hasMessage("accountant must be one of [pld, rdp], found 'moments'");
    }
}
