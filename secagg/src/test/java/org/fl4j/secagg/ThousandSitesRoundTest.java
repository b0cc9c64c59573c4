package org.fl4j.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.InProcessRound.Drop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A round of 1000 collaborators in one JVM, each with its own certificate, on a sparse graph of 10 neighbours
 * (t = 7), ten of them dropping at the five stages. The neighbours are set explicitly: with the default (242
 * neighbours for 1000 participants) this one JVM would verify 1000 x 242 ECDSA P-384 signatures per stage, the
 * work of a thousand machines. Bounded at 10 minutes on a loaded 2-core machine; it takes about 2 minutes of CPU
 * (some 20,000 ECDSA P-384 verifications and 30,000 X25519 agreements, and issuing 1000 certificates).
 */
class ThousandSitesRoundTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void run_thousandSitesWithDropouts_equalsPlainFedAvg() {
        List<String> names = TestSites.names(1000);
        SecureAggregationSettings ten = new SecureAggregationSettings(true, 0.66, OptionalInt.of(10), 1.0,
                OptionalInt.empty(), 1000, 60);
        InProcessRound r = SecAggRoundTest.round(names, 100, ten, 1000);
        Drop[] stages = {Drop.BEFORE_KEYS, Drop.AFTER_KEYS, Drop.AFTER_SHARES, Drop.AFTER_INPUT,
                Drop.AFTER_CONSISTENCY};
        for (int i = 0; i < 10; i++) {
            r.drop(names.get(13 + 97 * i), stages[i % 5]);
        }

        InProcessRound.Outcome o = r.run(100);

        assertThat(o.params().graph().degree()).isEqualTo(10);
        assertThat(o.params().threshold()).isEqualTo(7);
        assertThat(o.params().quantisation().bits()).isEqualTo(12);
        assertThat(o.clientFailures()).isEmpty();
        assertThat(o.result().survivors()).hasSize(994);
        SecAggRoundTest.assertMatchesPlainFedAvg(r, o, 100);
    }
}
