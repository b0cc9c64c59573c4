package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.plan.UpdateStaging;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.ModelLease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arrays of a global model nobody uses any more (served, saved, replaced) are reused to stage the next
 * updates and hold the next models, and never while a stream still sends them.
 */
class ModelReuseTest {

    @TempDir
    Path workspace;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    @RegisterExtension
    final InProcessAggregator aggregator = new InProcessAggregator(clock);

    private AggregatorConfig config;

    /** A federation of {@code rounds} rounds receiving one training result at a time. */
    private AggregatorServer start(int rounds) throws Exception {
        return start(rounds, UpdateStaging.MEMORY);
    }

    private AggregatorServer start(int rounds, UpdateStaging staging) throws Exception {
        config = TestFederations.staged(TestFederations.config(workspace, rounds, new StragglerPolicy.WaitForAll(), 1),
                staging);
        TestFederations.writeInitialModel(config);
        return aggregator.start(config);
    }

    private List<ScriptedSite> sites() {
        List<ScriptedSite> sites = new ArrayList<>();
        for (String name : TestFederations.COLLABORATORS) {
            sites.add(aggregator.site(name, config));
        }
        return sites;
    }

    /** Every site runs the round; then waits until the round is saved. */
    private static void runRound(AggregatorServer server, List<ScriptedSite> sites) throws Exception {
        for (ScriptedSite s : sites) {
            s.nextRound();
        }
        server.federation().awaitCommitted();
    }

    @ParameterizedTest
    @EnumSource(value = UpdateStaging.class, names = {"MEMORY", "DISK"})
    void pastModels_reused_everyRoundExactWithoutNewArrays(UpdateStaging staging) throws Exception {
        AggregatorServer server = start(6, staging);
        List<ScriptedSite> sites = sites();
        Set<float[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        ModelWeights expected = TestFederations.initialModel();

        for (long round = 0; round < 6; round++) {
            ModelLease lease = server.federation().model("alpha", round);
            arrays.add(lease.model().tensors().get(2).values());
            AbstractFederationRoundTest.assertClose(lease.model(), expected);
            lease.release();
            runRound(server, sites);
            expected = TestFederations.expectedAverage(expected, TestFederations.COLLABORATORS, round);
        }

        // in memory, one upload at a time: the initial model's arrays and one staging buffer take turns as the
        // model; on disk, the initial model's arrays and the first round's result
        assertThat(arrays).hasSize(2);
        AbstractFederationRoundTest.assertClose(ModelFile.read(config.paths().lastModel()).weights(), expected);
    }

    @Test
    void modelStillLent_notReusedUntilReleased() throws Exception {
        AggregatorServer server = start(6);
        List<ScriptedSite> sites = sites();
        ModelWeights initial = TestFederations.initialModel();
        ModelLease lent = server.federation().model("alpha", 0);

        for (int round = 0; round < 3; round++) {
            runRound(server, sites);
        }
        assertThat(lent.model()).isEqualTo(initial);
        lent.release();
        ModelWeights expected = initial;
        for (int round = 0; round < 3; round++) {
            expected = TestFederations.expectedAverage(expected, TestFederations.COLLABORATORS, round);
        }
        for (int round = 3; round < 6; round++) {
            ModelLease lease = server.federation().model("alpha", round);
            AbstractFederationRoundTest.assertClose(lease.model(), expected);
            lease.release();
            runRound(server, sites);
            expected = TestFederations.expectedAverage(expected, TestFederations.COLLABORATORS, round);
        }
        AbstractFederationRoundTest.assertClose(ModelFile.read(config.paths().lastModel()).weights(), expected);
    }
}
