package org.fl4j.aggregator.openfl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.TestFederations;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.openfl.OpenFlTestClient;
import org.fl4j.protocol.openfl.OpenFlTestCollaborator;
import org.fl4j.protocol.openfl.wire.ModelProto;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole federations of OpenFL collaborators (and one mixed with an fl4j collaborator) against the real
 * aggregator over mutual TLS: OpenFL's messages, per-tensor downloads and piecewise uploads fold into the same
 * rounds, FedAvg, metrics and OpenFL model files as fl4j's.
 */
class OpenFlFederationTest {

    @TempDir
    Path dir;

    @TempDir
    Path workspace;

    private OpenFlSites sites;

    @AfterEach
    void stop() throws Exception {
        if (sites != null) {
            sites.close();
        }
    }

    @Test
    void run_twoOpenFlCollaborators_threeRoundsOfFedAvgIntoOpenFlModelFiles() throws Exception {
        sites = new OpenFlSites(dir, workspace, List.of("alpha", "bravo"), 3);
        sites.start();
        OpenFlTestCollaborator alpha = sites.collaborator("alpha", OpenFlTestClient.Version.V1_6, false);
        alpha.client().pieceBytes(100);
        OpenFlTestCollaborator bravo = sites.collaborator("bravo", OpenFlTestClient.Version.V1_9, false);

        List<List<Long>> rounds = runAll(alpha, bravo);

        assertThat(rounds).containsExactly(List.of(0L, 1L, 2L), List.of(0L, 1L, 2L));
        ModelWeights expected = expected(List.of("alpha", "bravo"), 3);
        sites.server.federation().awaitCommitted();
        SavedModel last = ModelFile.read(sites.config.paths().lastModel());
        assertThat(last.round()).isEqualTo(3);
        assertClose(last.weights(), expected);
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(sites.config.paths().lastModel()));
        assertThat(proto.getTensors(0).getTagsList()).containsExactly("model");
        assertThat(ModelFile.read(sites.config.paths().bestModel()).round()).isEqualTo(2);
        org.fl4j.protocol.model.Checkpoint checkpoint = TestFederations.checkpoint(sites.config);
        assertThat(checkpoint.round()).isEqualTo(3);
        assertClose(checkpoint.model(), expected);
        assertThat(alpha.client().calls()).filteredOn(c -> c.startsWith("GetAggregatedTensor")).containsExactly(
                "GetAggregatedTensor dense/b 0 [model]", "GetAggregatedTensor dense/w 0 [model]",
                "GetAggregatedTensor out/w 0 [model]", "GetAggregatedTensor dense/b 1 [model]",
                "GetAggregatedTensor dense/w 1 [model]", "GetAggregatedTensor out/w 1 [model]",
                "GetAggregatedTensor dense/b 2 [model]", "GetAggregatedTensor dense/w 2 [model]",
                "GetAggregatedTensor out/w 2 [model]");
        assertThat(bravo.client().calls().get(0)).isEqualTo("Ping");
        List<String> metrics = TestFederations.metricsLines(sites.config);
        assertThat(metrics).anyMatch(l -> l.startsWith("{\"round\":2,\"origin\":\"alpha\",\"task\":\"train\","
                + "\"metric\":\"loss\",\"value\":0.25"));
        assertThat(metrics).anyMatch(l -> l.startsWith("{\"round\":0,\"origin\":\"aggregator\",\"task\":"
                + "\"aggregated_model_validation\",\"metric\":\"accuracy\""));
        sites.server.federation().finished().get(10, TimeUnit.SECONDS);
    }

    @Test
    void run_deltaUpdates_changesUploadedAndDownloadedGiveTheSameModels() throws Exception {
        sites = new OpenFlSites(dir, workspace, List.of("alpha", "bravo"), 3);
        sites.start();
        OpenFlTestCollaborator alpha = sites.collaborator("alpha", OpenFlTestClient.Version.V1_9, true);
        OpenFlTestCollaborator bravo = sites.collaborator("bravo", OpenFlTestClient.Version.V1_6, true);

        runAll(alpha, bravo);

        sites.server.federation().awaitCommitted();
        assertClose(ModelFile.read(sites.config.paths().lastModel()).weights(), expected(List.of("alpha", "bravo"), 3));
        assertThat(alpha.client().calls()).contains("GetAggregatedTensor out/w 0 [model]",
                "GetAggregatedTensor out/w 2 [aggregated, delta, compressed]");
    }

    @Test
    void run_openFlAndFl4jCollaborators_shareTheRounds() throws Exception {
        sites = new OpenFlSites(dir, workspace, List.of("alpha", "bravo"), 2);
        sites.start();
        OpenFlTestCollaborator alpha = sites.collaborator("alpha", OpenFlTestClient.Version.V1_9, false);
        ManagedChannel channel = sites.channel(sites.pki.client("bravo"));
        FederationClient bravo = new FederationClient(channel, new Route("bravo", sites.config.name(),
                sites.config.federationId()), sites.config.limits(), Duration.ofSeconds(30));

        CompletableFuture<List<Long>> openfl = CompletableFuture.supplyAsync(() -> {
            try {
                return alpha.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (long round = 0; round < 2; round++) {
            TasksOutcome.Assignment a = (TasksOutcome.Assignment) bravo.tasks(Duration.ofSeconds(20));
            assertThat(a.round()).isEqualTo(round);
            ModelWeights global = bravo.model(round);
            for (String task : a.pending()) {
                bravo.send(task.equals("train")
                        ? new TaskUpload(round, task, TestFederations.samples("bravo"), Map.of("loss", 0.5),
                                TestFederations.trained(global, "bravo", round))
                        : TaskUpload.metricsOnly(round, task, TestFederations.samples("bravo") / 2,
                                Map.of("accuracy", 0.6)));
            }
        }
        assertThat(openfl.get(60, TimeUnit.SECONDS)).containsExactly(0L, 1L);
        sites.server.federation().awaitCommitted();
        assertClose(ModelFile.read(sites.config.paths().lastModel()).weights(), expected(List.of("alpha", "bravo"), 2));
    }

    private static ModelWeights expected(List<String> collaborators, int rounds) {
        ModelWeights m = TestFederations.initialModel();
        for (int r = 0; r < rounds; r++) {
            m = TestFederations.expectedAverage(m, collaborators, r);
        }
        return m;
    }

    @SafeVarargs
    private static List<List<Long>> runAll(OpenFlTestCollaborator... collaborators) throws Exception {
        List<CompletableFuture<List<Long>>> runs = java.util.Arrays.stream(collaborators)
                .map(c -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return c.run();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        c.client().close();
                    }
                })).toList();
        java.util.ArrayList<List<Long>> out = new java.util.ArrayList<>();
        for (CompletableFuture<List<Long>> r : runs) {
            out.add(r.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    static void assertClose(ModelWeights actual, ModelWeights expected) {
        assertThat(actual.sameLayout(expected)).as("layout of %s", actual).isTrue();
        for (int t = 0; t < expected.tensorCount(); t++) {
            Tensor a = actual.tensors().get(t);
            Tensor e = expected.tensors().get(t);
            for (int i = 0; i < e.size(); i++) {
                assertThat(a.values()[i]).as("%s[%d]", e.name(), i).isCloseTo(e.values()[i],
                        within(1e-5f * Math.max(1, Math.abs(e.values()[i]))));
            }
        }
    }
}
