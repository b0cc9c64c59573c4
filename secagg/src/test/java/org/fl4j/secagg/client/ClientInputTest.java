package org.fl4j.secagg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.Stage;
import org.fl4j.secagg.TestSites;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.server.SecAggServer;
import org.junit.jupiter.api.Test;

/** A collaborator refuses its own bad input (and may retry) and out-of-order or foreign-round calls. */
class ClientInputTest {

    private static final List<String> NAMES = TestSites.names(3);

    private final RoundParameters params = RoundParameters.resolve(SecureAggregationSettings.disabled(),
            "fl4j-0123456789abcdef", 5, NAMES, 10);
    private final SecAggServer server = SecAggServer.start(params, TestSites.get().trust());
    private final Map<String, SecAggClient> clients = new java.util.LinkedHashMap<>();

    ClientInputTest() {
        for (var id : TestSites.get().identities(NAMES)) {
            clients.put(id.name(), SecAggClient.start(params, id, TestSites.get().trust(), new SecureRandom()));
        }
    }

    @Test
    void maskedInput_nanWrongSizeNoSamples_refusedThenAGoodUpdateIsTaken() {
        SharesRelay relay = toMaskedInput().get("site-0000");
        SecAggClient a = clients.get("site-0000");

        float[] nan = new float[10];
        nan[7] = Float.NaN;
        assertRefused(() -> a.maskedInput(relay, new float[][] {new float[3], nan}, 5),
                "the update holds NaN at coordinate 10: secure aggregation cannot clip or mask it");
        assertRefused(() -> a.maskedInput(relay, new float[][] {new float[9]}, 5), "the update has 9 coordinates,"
                + " the round 10");
        assertRefused(() -> a.maskedInput(relay, new float[][] {new float[10]}, 0), "sample count must be at least 1");
        assertThat(a.stage()).isEqualTo(Stage.MASKED_INPUT);

        MaskedUpload upload = a.maskedInput(relay, new float[][] {new float[4], new float[0], new float[6]}, 5);
        int[] out = new int[4];
        int total = 0;
        while (upload.hasRemaining()) {
            total += upload.next(out, 4);
        }
        assertThat(total).isEqualTo(11);
        assertThat(upload.header().elements()).isEqualTo(11);
        assertThat(upload.clippedCount()).isZero();
    }

    @Test
    void stages_outOfOrderOrTwice_refused() {
        SecAggClient a = clients.get("site-0000");
        a.advertiseKeys();

        assertRefused(a::advertiseKeys, "'site-0000' is at stage SHARE_KEYS of round 5, not ADVERTISE_KEYS");
        assertRefused(() -> a.consistency(new org.fl4j.secagg.message.ConsistencyRequest(5, NAMES)),
                "is at stage SHARE_KEYS of round 5, not CONSISTENCY");
    }

    @Test
    void shareKeys_relayOfAnotherRound_aborts() {
        SecAggClient a = clients.get("site-0000");
        a.advertiseKeys();

        assertThatThrownBy(() -> a.shareKeys(new NeighbourKeys(4, List.of()))).isInstanceOfSatisfying(
                SecAggException.class, e -> assertThat(e.kind()).isEqualTo(SecAggException.Kind.ABORTED))
                .hasMessage("the relay for stage SHARE_KEYS is of round 4, not 5 (a replay)");
        assertThat(a.stage()).isEqualTo(Stage.DONE);
    }

    @Test
    void start_notAParticipant_refused() {
        assertThatThrownBy(() -> SecAggClient.start(params, TestSites.get().identity("site-0042"),
                TestSites.get().trust(), new SecureRandom())).hasMessageContaining(
                "is not among the round's participants");
    }

    private Map<String, SharesRelay> toMaskedInput() {
        clients.forEach((n, c) -> server.acceptKeys(n, TestSites.get().identity(n).certificateDer(),
                c.advertiseKeys()));
        server.closeKeys().forEach((n, k) -> server.acceptShares(n, clients.get(n).shareKeys(k)));
        return server.closeShares();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable step, String message) {
        assertThatThrownBy(step).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.kind()).isEqualTo(SecAggException.Kind.REFUSED)).hasMessageContaining(message);
    }
}
