package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fl4j.cli.Fx;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.plan.OpenFlWorkspaceFixture;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.SavedModel;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.openfl.OpenFlIdentity;
import org.fl4j.protocol.openfl.OpenFlTestClient;
import org.fl4j.protocol.openfl.OpenFlTestCollaborator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenFL workspace run by fl4j, as a user migrating would: OpenFL's plan folder, its cert/ (OpenFL's layout,
 * issued here by our PKI) and its save/*_init.pbuf; {@code fx plan import-openfl}; {@code fx aggregator start};
 * two OpenFL collaborators (OpenFL 1.6's and 1.9's client, played from OpenFL's protos) complete every round
 * and the aggregator writes OpenFL's best and last model files.
 */
class OpenFlWorkspaceTest {

    @TempDir
    Path dir;

    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static ModelWeights initial() {
        return new ModelWeights(List.of(new Tensor("conv2d/kernel:0", new int[] {3, 3, 1, 2}, ramp(18, -1f)),
                new Tensor("conv2d/bias:0", new int[] {2}, ramp(2, 0.5f)),
                new Tensor("dense/kernel:0", new int[] {4, 3}, ramp(12, 0.25f))));
    }

    static float[] ramp(int n, float base) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = base + 0.125f * i;
        }
        return v;
    }

    static ModelWeights trained(ModelWeights global, float shift) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : global.tensors()) {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += shift * (i % 3 - 1);
            }
            out.add(new Tensor(t.name(), t.shape(), v));
        }
        return new ModelWeights(out);
    }

    @Test
    void aggregatorStart_importedOpenFlWorkspace_twoOpenFlCollaboratorsCompleteTheFederation() throws Exception {
        Path ws = dir.resolve("openfl_ws");
        OpenFlWorkspaceFixture.copyTo(ws);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path planFile = ws.resolve("plan/plan.yaml");
        // What OpenFL's fx plan initialize leaves in the plan: the aggregator's address (here the certificate's).
        Files.writeString(planFile, Files.readString(planFile).replace("    rounds_to_train : 10",
                "    rounds_to_train : 2") + "\nnetwork :\n  defaults : plan/defaults/network.yaml\n  settings :\n"
                + "    agg_addr : localhost\n    agg_port : " + port + "\n", StandardCharsets.UTF_8);
        Files.writeString(planFile, Files.readString(planFile).replaceFirst(
                "network :\n  defaults : plan/defaults/network.yaml\n\n", ""), StandardCharsets.UTF_8);
        TestPki pki = TestPki.create(dir.resolve("pki"), "alpha", "bravo");
        copyTree(pki.workspace().resolve("cert"), ws.resolve("cert"));
        ModelFile.write(ws.resolve("save/keras_cnn_mnist_init.pbuf"), new SavedModel(0, Map.of(), initial()));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Fx.run(new PrintWriter(out), new PrintWriter(err), "--workspace", ws.toString(), "plan",
                "import-openfl")).as("%s", err).isEqualTo(Fx.OK);
        Matcher m = Pattern.compile("OpenFL federation uuid: (\\S+)").matcher(out.toString());
        assertThat(m.find()).as("%s", out).isTrue();
        OpenFlIdentity identity = OpenFlIdentity.ofFederation(m.group(1));
        assertThat(out.toString()).contains("aggregator: localhost:" + port + ", 2 collaborators, 2 rounds",
                "plan/defaults/network.yaml:5:5: network.settings.hash_salt");

        StringWriter aggOut = new StringWriter();
        CompletableFuture<Integer> aggregator = CompletableFuture.supplyAsync(() -> Fx.run(new PrintWriter(aggOut),
                new PrintWriter(new StringWriter()), "--workspace", ws.toString(), "aggregator", "start"));
        List<CompletableFuture<List<Long>>> sites = new ArrayList<>();
        sites.add(site(pki, identity, port, "alpha", OpenFlTestClient.Version.V1_6, 0.5f));
        sites.add(site(pki, identity, port, "bravo", OpenFlTestClient.Version.V1_9, 1.5f));

        for (CompletableFuture<List<Long>> s : sites) {
            assertThat(s.get(120, TimeUnit.SECONDS)).containsExactly(0L, 1L);
        }
        assertThat(aggregator.get(60, TimeUnit.SECONDS)).isEqualTo(Fx.OK);
        assertThat(aggOut.toString()).contains("Federation fl4j-", "finished: 2 rounds",
                "best model save/keras_cnn_mnist_best.pbuf", "last model save/keras_cnn_mnist_last.pbuf");
        SavedModel last = ModelFile.read(ws.resolve("save/keras_cnn_mnist_last.pbuf"));
        assertThat(last.round()).isEqualTo(2);
        ModelWeights expected = initial();
        for (int round = 0; round < 2; round++) {
            expected = average(trained(expected, 0.5f), 100, trained(expected, 1.5f), 300);
        }
        for (int t = 0; t < expected.tensorCount(); t++) {
            float[] want = expected.tensors().get(t).values();
            float[] got = last.weights().tensors().get(t).values();
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).isCloseTo(want[i], within(1e-5f));
            }
        }
        assertThat(ws.resolve("save/keras_cnn_mnist_best.pbuf")).exists();
        assertThat(ws.resolve("plan/plan.yaml")).content().contains("agg_port : " + port);
    }

    private CompletableFuture<List<Long>> site(TestPki pki, OpenFlIdentity identity, int port, String name,
            OpenFlTestClient.Version version, float shift) {
        long samples = name.equals("alpha") ? 100 : 300;
        OpenFlTestClient client = new OpenFlTestClient(name, identity, () -> channel(pki, name, port), version, 20,
                Duration.ofMillis(500));
        OpenFlTestCollaborator collaborator = new OpenFlTestCollaborator(client, initial(),
                OpenFlTestCollaborator.defaultTasks(), new OpenFlTestCollaborator.Runner() {
                    @Override
                    public ModelWeights train(ModelWeights global, long round) {
                        return trained(global, shift);
                    }

                    @Override
                    public double loss(long round) {
                        return 1.0 / (round + 2);
                    }

                    @Override
                    public double accuracy(long round, boolean local) {
                        return 0.5 + 0.1 * round + (local ? 0.05 : 0) + shift / 100;
                    }

                    @Override
                    public long trainSize() {
                        return samples;
                    }

                    @Override
                    public long validSize() {
                        return samples / 2;
                    }
                }, false);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return collaborator.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                client.close();
            }
        });
    }

    private synchronized ManagedChannel channel(TestPki pki, String name, int port) {
        ManagedChannel c = TlsTransport.client(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, port),
                TlsContexts.client(pki.client(name))).maxInboundMessageSize(64 << 20).build();
        channels.add(c);
        return c;
    }

    private static ModelWeights average(ModelWeights a, long wa, ModelWeights b, long wb) {
        List<Tensor> out = new ArrayList<>();
        for (int t = 0; t < a.tensorCount(); t++) {
            float[] x = a.tensors().get(t).values();
            float[] y = b.tensors().get(t).values();
            float[] v = new float[x.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((wa * (double) x[i] + wb * (double) y[i]) / (wa + wb));
            }
            out.add(new Tensor(a.tensors().get(t).name(), a.tensors().get(t).shape(), v));
        }
        return new ModelWeights(out);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
