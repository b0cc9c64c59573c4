package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.AggregatorGrpc;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ResultAck;
import org.fl4j.protocol.v1.ResultBegin;
import org.fl4j.protocol.v1.ResultChunk;
import org.fl4j.protocol.v1.TasksReply;
import org.fl4j.protocol.v1.TasksRequest;
import org.fl4j.protocol.v1.TensorChunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real service and client over the in-process transport, with a 12-byte chunk size to force many chunks. */
class FederationProtocolTest {

    private static final String AGG = "agg.example.org";
    private static final String FED = "fed-1234";
    private static final WireLimits LIMITS = new WireLimits(12, 4096);

    private final ModelWeights model = new ModelWeights(List.of(
            tensor("a/w", 3, 5), tensor("a/b", 0), tensor("b/w", 7), tensor("b/b", 1)));
    private final RecordingHandler handler = new RecordingHandler(model, 3);
    private Server server;
    private ManagedChannel channel;

    private static Tensor tensor(String name, int... shape) {
        int n = (int) Tensor.elementCount(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = name.hashCode() % 97 + i * 0.25f - 1.5f;
        }
        return new Tensor(name, shape, v);
    }

    /** Starts the service with callers proved to be {@code peer}. */
    private FederationClient start(Peer peer, Route route) throws Exception {
        String name = InProcessServerBuilder.generateName();
        ServerInterceptor asPeer = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(io.grpc.Context.current().withValue(Peer.CONTEXT_KEY, peer), call,
                        headers, next);
            }
        };
        server = InProcessServerBuilder.forName(name)
                .addService(ServerInterceptors.intercept(new FederationService(AGG, FED, LIMITS, handler), asPeer))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        return new FederationClient(channel, route, LIMITS, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void model_manySmallChunks_arrivesBitIdentical() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));

        assertThat(client.model(3)).isEqualTo(model);
    }

    @Test
    void model_intoThePreviousModel_reusesTheArraysOfMatchingTensorsOnly() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        ModelWeights previous = new ModelWeights(List.of(tensor("a/w", 3, 5), tensor("a/b", 0), tensor("b/w", 6),
                tensor("x", 1)));
        java.util.Arrays.fill(previous.tensors().get(0).values(), Float.NaN);

        ModelWeights downloaded = client.model(3, previous);

        assertThat(downloaded).isEqualTo(model);
        assertThat(downloaded.tensors().get(0).values()).isSameAs(previous.tensors().get(0).values());
        assertThat(downloaded.tensors().get(1).values()).isSameAs(previous.tensors().get(1).values());
        assertThat(downloaded.tensors().get(2).values()).isNotSameAs(previous.tensors().get(2).values());
        assertThat(downloaded.tensors().get(3).values()).isNotSameAs(previous.tensors().get(3).values());
        assertThat(client.model(3, downloaded)).isEqualTo(model);
    }

    @Test
    void model_downloaded_leaseReleasedOnceEveryChunkWasRead() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));

        client.model(3);
        client.model(3);

        awaitReleased(handler);
        assertThatThrownBy(() -> client.model(2)).isInstanceOf(FederationException.class);
        assertThat(handler.leases.get()).isZero();
    }

    /** Waits (5 s at most) until every lease on the handler's model was released. */
    static void awaitReleased(RecordingHandler handler) throws InterruptedException {
        for (int i = 0; i < 500 && handler.leases.get() != 0; i++) {
            Thread.sleep(10);
        }
        assertThat(handler.leases.get()).as("leases not released").isZero();
    }

    @Test
    void model_generatedStubAsTheCollaborator_receivesTheSameBytes() throws Exception {
        start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        var raw = AggregatorGrpc.newBlockingStub(channel).getModel(org.fl4j.protocol.v1.ModelRequest.newBuilder()
                .setHeader(Codec.header("alpha", AGG, FED)).setRound(3).build());

        List<ByteString> data = new ArrayList<>();
        raw.forEachRemaining(m -> {
            if (m.hasChunk()) {
                data.add(m.getChunk().getData());
            }
        });

        ByteString expected = ByteString.EMPTY;
        for (Tensor t : model.tensors()) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * t.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.values());
            expected = expected.concat(ByteString.copyFrom(b.array()));
        }
        assertThat(data).allSatisfy(d -> assertThat(d.size()).isLessThanOrEqualTo(LIMITS.chunkBytes()));
        assertThat(ByteString.copyFrom(data)).isEqualTo(expected);
    }

    @Test
    void model_pastRound_isStale() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));

        assertThatThrownBy(() -> client.model(2)).isInstanceOfSatisfying(FederationException.class,
                e -> assertThat(e.kind()).isEqualTo(FederationException.Kind.STALE));
    }

    @Test
    void send_tensorsInChunks_sinkRebuildsThemAndResendIsDuplicate() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        TaskUpload upload = new TaskUpload(3, "train", 60, Map.of("loss", 0.25), model);

        UploadAck first = client.send(upload);
        UploadAck again = client.send(upload);

        assertThat(first).isEqualTo(new UploadAck(3, "train", false));
        assertThat(again).isEqualTo(new UploadAck(3, "train", true));
        assertThat(handler.received.get("train")).isEqualTo(model);
        assertThat(handler.events()).containsExactly("open alpha train", "first chunk train", "complete train",
                "open alpha train");
    }

    @Test
    void send_sinkNotReady_noChunkReadUntilItIs() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        handler.sinkReady = ready;
        CompletableFuture<UploadAck> ack = CompletableFuture.supplyAsync(
                () -> client.send(new TaskUpload(3, "train", 60, Map.of("loss", 0.25), model)));
        while (handler.events().isEmpty()) {
            Thread.sleep(5);
        }
        Thread.sleep(200);
        assertThat(handler.events()).containsExactly("open alpha train");
        assertThat(ack).isNotDone();

        ready.complete(null);

        assertThat(ack.get(10, TimeUnit.SECONDS)).isEqualTo(new UploadAck(3, "train", false));
        assertThat(handler.received.get("train")).isEqualTo(model);
        assertThat(handler.events()).containsExactly("open alpha train", "first chunk train", "complete train");
    }

    @Test
    void send_sinkReadinessFails_refusedWithItsReasonAndSinkAborted() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        handler.sinkReady = CompletableFuture.failedFuture(FederationException.stale("round 3 closed while the"
                + " upload waited"));

        assertThatThrownBy(() -> client.send(new TaskUpload(3, "train", 60, Map.of("loss", 0.25), model)))
                .isInstanceOfSatisfying(FederationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.STALE);
                    assertThat(e.getMessage()).contains("round 3 closed while the upload waited");
                });
        assertThat(handler.events()).containsExactly("open alpha train", "abort train");
    }

    @Test
    void send_resultRefusedEarlier_failedPreconditionNamedTaskFailedByItsTrailer() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        handler.refused.put("train", "value NaN is not finite");

        assertThatThrownBy(() -> client.send(new TaskUpload(3, "train", 60, Map.of("loss", 0.25), model)))
                .isInstanceOfSatisfying(FederationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.TASK_FAILED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("FAILED_PRECONDITION", "refused earlier this round",
                            "value NaN is not finite");
                });
        Status status = rawUpload(AggregatorGrpc.newStub(channel), List.of(begin(header("alpha", AGG, FED, 1, 1),
                ResultBegin.newBuilder().setRound(3).setTask("train").setSampleCount(1).build())));
        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(handler.events()).containsExactly("open alpha train", "open alpha train");
    }

    @Test
    void send_resultRefusedEarlierByAProtocol10Peer_invalidArgument() throws Exception {
        start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        handler.refused.put("validate", "metric 'accuracy' is NaN");

        Status status = rawUpload(AggregatorGrpc.newStub(channel), List.of(begin(header("alpha", AGG, FED, 1, 0),
                ResultBegin.newBuilder().setRound(3).setTask("validate").setSampleCount(1).build())));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("refused earlier this round", "metric 'accuracy' is NaN");
    }

    @Test
    void tasks_incompatibleRefusal_sameCodeAsTaskFailedButIncompatibleAtTheClient() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        handler.nextTasks.completeExceptionally(new FederationException(FederationException.Kind.INCOMPATIBLE,
                "protocol version 2.0 of the aggregator"));

        assertThatThrownBy(() -> client.tasks(Duration.ofSeconds(5))).isInstanceOfSatisfying(FederationException.class,
                e -> assertThat(e.kind()).isEqualTo(FederationException.Kind.INCOMPATIBLE));
    }

    @Test
    void send_metricsOnly_isAcknowledged() throws Exception {
        FederationClient client = start(Peer.local(), new Route("beta", AGG, FED));

        UploadAck ack = client.send(TaskUpload.metricsOnly(3, "validate", 10, Map.of("accuracy", 0.5)));

        assertThat(ack.duplicate()).isFalse();
        assertThat(handler.received.get("validate").tensorCount()).isZero();
    }

    @Test
    void send_beyondMaximum_refusedBeforeTheSinkOpens() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        AggregatorGrpc.AggregatorStub raw = AggregatorGrpc.newStub(channel);
        ResultBegin huge = ResultBegin.newBuilder().setRound(3).setTask("train").setSampleCount(1)
                .addTensors(org.fl4j.protocol.v1.TensorSpec.newBuilder().setName("w").addShape(2000)
                        .setDtype(org.fl4j.protocol.v1.DType.FLOAT32))
                .build();

        Status status = rawUpload(raw, List.of(begin(header("alpha", AGG, FED, 1), huge)));

        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).contains("8000 bytes", "maximum of 4096", "max_model_mb");
        assertThat(handler.events()).isEmpty();
        assertThat(client).isNotNull();
    }

    @Test
    void send_chunkOutOfOrder_refusedAndSinkAborted() throws Exception {
        start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        Header h = header("alpha", AGG, FED, 1);
        ResultBegin begin = ResultBegin.newBuilder().setRound(3).setTask("train").setSampleCount(1)
                .addTensors(org.fl4j.protocol.v1.TensorSpec.newBuilder().setName("w").addShape(4)
                        .setDtype(org.fl4j.protocol.v1.DType.FLOAT32))
                .build();
        ResultChunk skip = ResultChunk.newBuilder().setHeader(h).setChunk(TensorChunk.newBuilder()
                .setTensorIndex(0).setByteOffset(8).setData(ByteString.copyFrom(new byte[8]))).build();

        Status status = rawUpload(AggregatorGrpc.newStub(channel), List.of(begin(h, begin), skip));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("tensor 'w'", "expected byte_offset 0, found 8");
        assertThat(handler.events()).containsExactly("open alpha train", "abort train");
    }

    @Test
    void anyCall_incompatibleMajorVersion_refusedNamingBothVersions() throws Exception {
        start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        var raw = AggregatorGrpc.newBlockingStub(channel);

        assertThatThrownBy(() -> raw.getTasks(TasksRequest.newBuilder().setHeader(header("alpha", AGG, FED, 2)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("protocol version 2.0", "version 1.2");
                });
    }

    @Test
    void anyCall_wrongFederationId_permissionDenied() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, "other-plan"));

        assertThatThrownBy(() -> client.ping(Duration.ofSeconds(5))).isInstanceOfSatisfying(FederationException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.PERMISSION_DENIED);
                    assertThat(e.getMessage()).contains("federation id 'other-plan'", "'" + FED + "'");
                });
    }

    @Test
    void anyCall_senderNotTheCertificateCn_permissionDenied() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("bravo", AGG, FED));

        assertThatThrownBy(() -> client.send(TaskUpload.metricsOnly(3, "validate", 1, Map.of())))
                .isInstanceOfSatisfying(FederationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FederationException.Kind.PERMISSION_DENIED);
                    assertThat(e.getMessage()).contains("sender 'bravo'", "CN 'alpha'");
                });
        assertThat(handler.events()).isEmpty();
    }

    @Test
    void anyCall_withoutAuthenticatedPeer_unauthenticated() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new FederationService(AGG, FED, LIMITS, handler))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        FederationClient client = new FederationClient(channel, new Route("alpha", AGG, FED), LIMITS,
                Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.ping(Duration.ofSeconds(5))).isInstanceOfSatisfying(FederationException.class,
                e -> assertThat(e.kind()).isEqualTo(FederationException.Kind.UNAUTHENTICATED));
    }

    @Test
    void replies_fromAnotherAggregatorName_refusedByClient() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        FederationClient misrouted = new FederationClient(channel, new Route("alpha", "evil.example.org", FED), LIMITS,
                Duration.ofSeconds(5));

        assertThat(client.ping(Duration.ofSeconds(5)).round()).isEqualTo(3);
        assertThatThrownBy(() -> misrouted.ping(Duration.ofSeconds(5))).isInstanceOf(FederationException.class)
                .hasMessageContaining("receiver 'evil.example.org'");
    }

    @Test
    void tasks_longPoll_answersWhenTheHandlerCompletes() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        CompletableFuture<TasksOutcome> pending = handler.nextTasks;
        CompletableFuture<TasksOutcome> reply = CompletableFuture.supplyAsync(() -> client.tasks(Duration.ofSeconds(5)));
        while (handler.events().isEmpty()) {
            Thread.sleep(5);
        }

        pending.complete(new TasksOutcome.Assignment(3, List.of("a", "b", "c"), Set.of("b")));

        TasksOutcome outcome = reply.get(10, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOfSatisfying(TasksOutcome.Assignment.class,
                a -> assertThat(a.pending()).containsExactly("a", "c"));
    }

    @Test
    void tasks_doneAndFailed_travelApartAndNeitherIsPending() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        handler.nextTasks.complete(new TasksOutcome.Assignment(3, List.of("a", "b", "c", "d"), Set.of("a"),
                Set.of("c")));

        TasksOutcome outcome = client.tasks(Duration.ofSeconds(5));

        assertThat(outcome).isEqualTo(new TasksOutcome.Assignment(3, List.of("a", "b", "c", "d"), Set.of("a"),
                Set.of("c")));
        assertThat(((TasksOutcome.Assignment) outcome).pending()).containsExactly("b", "d");
    }

    @Test
    void tasks_replyListingATaskDoneAndFailed_refusedByClient() throws Exception {
        start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        TasksReply reply = TasksReply.newBuilder().setHeader(header(AGG, "alpha", FED, 1, 1)).setAssignment(
                org.fl4j.protocol.v1.Assignment.newBuilder().setRound(3).addTasks("a").addDone("a").addFailed("a"))
                .build();

        assertThatThrownBy(() -> Codec.tasksOutcome(reply)).isInstanceOfSatisfying(FederationException.class,
                e -> assertThat(e.getMessage()).contains("'a' both as done and as failed"));
    }

    @Test
    void tasks_callerGoesAway_pendingFutureCancelled() throws Exception {
        FederationClient client = start(Peer.certified("alpha"), new Route("alpha", AGG, FED));
        CompletableFuture<TasksOutcome> pending = handler.nextTasks;

        assertThatThrownBy(() -> client.tasks(Duration.ofMillis(300).minus(FederationClient.POLL_MARGIN)))
                .isInstanceOfSatisfying(FederationException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(handler.events()).containsExactly("tasks alpha");
        for (int i = 0; i < 500 && !pending.isCancelled(); i++) {
            Thread.sleep(10);
        }
        assertThat(pending).isCancelled();
    }

    private static Header header(String sender, String receiver, String fed, int major) {
        return Header.newBuilder().setSender(sender).setReceiver(receiver).setFederationId(fed).setProtocolMajor(major)
                .build();
    }

    private static Header header(String sender, String receiver, String fed, int major, int minor) {
        return header(sender, receiver, fed, major).toBuilder().setProtocolMinor(minor).build();
    }

    private static ResultChunk begin(Header h, ResultBegin b) {
        return ResultChunk.newBuilder().setHeader(h).setBegin(b).build();
    }

    private static Status rawUpload(AggregatorGrpc.AggregatorStub stub, List<ResultChunk> messages) throws Exception {
        CompletableFuture<Status> done = new CompletableFuture<>();
        StreamObserver<ResultChunk> requests = stub.sendTaskResults(new StreamObserver<ResultAck>() {
            @Override
            public void onNext(ResultAck value) {
            }

            @Override
            public void onError(Throwable t) {
                done.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                done.complete(Status.OK);
            }
        });
        List<ResultChunk> copy = new ArrayList<>(messages);
        copy.forEach(requests::onNext);
        requests.onCompleted();
        return done.get(10, TimeUnit.SECONDS);
    }
}
