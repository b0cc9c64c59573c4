package org.fl4j.protocol.openfl;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import com.google.protobuf.ByteString;
import org.fl4j.protocol.openfl.wire.AggregatorGrpc;
import org.fl4j.protocol.openfl.wire.DataStream;
import org.fl4j.protocol.openfl.wire.GetAggregatedTensorRequest;
import org.fl4j.protocol.openfl.wire.GetAggregatedTensorResponse;
import org.fl4j.protocol.openfl.wire.GetTasksRequest;
import org.fl4j.protocol.openfl.wire.GetTasksResponse;
import org.fl4j.protocol.openfl.wire.MessageHeader;
import org.fl4j.protocol.openfl.wire.NamedTensor;
import org.fl4j.protocol.openfl.wire.PingRequest;
import org.fl4j.protocol.openfl.wire.PingResponse;
import org.fl4j.protocol.openfl.wire.SendLocalTaskResultsResponse;
import org.fl4j.protocol.openfl.wire.TaskResults;

/**
 * The calls of OpenFL's {@code AggregatorGRPCClient} (openfl/transport/grpc/aggregator_client.py), in Java on
 * stubs generated from OpenFL's proto files, for tests. As OpenFL 1.6 does, each call runs on a channel of its
 * own (its "atomic connections") and is retried on any failure but UNAUTHENTICATED; as 1.7 to 1.9 do, one
 * channel serves every call and every failure is retried after a pause. UNAVAILABLE is retried by both (their
 * interceptor). Retries are bounded here ({@code maxAttempts}) so a test cannot hang. Every reply's header is
 * validated as OpenFL does. {@link #calls()} records each call made, in order.
 */
public final class OpenFlTestClient {

    /** Which OpenFL client to play. */
    public enum Version { V1_6, V1_9 }

    private final String collaborator;
    private final OpenFlIdentity aggregator;
    private final Supplier<ManagedChannel> channels;
    private final Version version;
    private final int maxAttempts;
    private final Duration retryPause;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private ManagedChannel shared;
    private int pieceBytes = 2 * 1024 * 1024;

    public OpenFlTestClient(String collaborator, OpenFlIdentity aggregator, Supplier<ManagedChannel> channels,
            Version version, int maxAttempts, Duration retryPause) {
        this.collaborator = collaborator;
        this.aggregator = aggregator;
        this.channels = channels;
        this.version = version;
        this.maxAttempts = maxAttempts;
        this.retryPause = retryPause;
    }

    /** The size of the DataStream pieces a result is cut into (OpenFL: 2 MiB). */
    public OpenFlTestClient pieceBytes(int bytes) {
        this.pieceBytes = bytes;
        return this;
    }

    public String collaborator() {
        return collaborator;
    }

    public Version version() {
        return version;
    }

    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public MessageHeader header() {
        return MessageHeader.newBuilder().setSender(collaborator).setReceiver(aggregator.aggregatorUuid())
                .setFederationUuid(aggregator.federationUuid()).setSingleColCertCommonName("").build();
    }

    public void ping() {
        PingResponse r = call("Ping", s -> s.ping(PingRequest.newBuilder().setHeader(header()).build()));
        validate(r.getHeader());
    }

    public GetTasksResponse getTasks() {
        GetTasksResponse r = call("GetTasks", s -> s.getTasks(GetTasksRequest.newBuilder().setHeader(header())
                .build()));
        validate(r.getHeader());
        return r;
    }

    public NamedTensor getAggregatedTensor(String name, long round, List<String> tags, boolean requireLossless) {
        GetAggregatedTensorRequest request = GetAggregatedTensorRequest.newBuilder().setHeader(header())
                .setTensorName(name).setRoundNumber((int) round).setReport(false).addAllTags(tags)
                .setRequireLossless(requireLossless).build();
        GetAggregatedTensorResponse r = call("GetAggregatedTensor " + name + " " + round + " " + tags,
                s -> s.getAggregatedTensor(request));
        validate(r.getHeader());
        return r.getTensor();
    }

    /** Sends a result as OpenFL does: its serialization cut into DataStream pieces of {@link #pieceBytes}. */
    public void sendLocalTaskResults(TaskResults results) {
        byte[] bytes = results.toByteArray();
        List<DataStream> pieces = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += pieceBytes) {
            int n = Math.min(pieceBytes, bytes.length - i);
            pieces.add(DataStream.newBuilder().setSize(n).setNpbytes(ByteString.copyFrom(bytes, i, n)).build());
        }
        SendLocalTaskResultsResponse r = sendPieces("SendLocalTaskResults " + results.getTaskName() + " "
                + results.getRoundNumber(), pieces);
        validate(r.getHeader());
    }

    /** Sends the given pieces as they are (bad-input tests), with the retries of this client. */
    public SendLocalTaskResultsResponse sendPieces(String what, List<DataStream> pieces) {
        return call(what, s -> {
            CompletableFuture<SendLocalTaskResultsResponse> reply = new CompletableFuture<>();
            StreamObserver<DataStream> up = AggregatorGrpc.newStub(s.getChannel()).sendLocalTaskResults(
                    new StreamObserver<>() {
                        @Override
                        public void onNext(SendLocalTaskResultsResponse value) {
                            reply.complete(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            reply.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            reply.completeExceptionally(Status.INTERNAL.withDescription("no response")
                                    .asRuntimeException());
                        }
                    });
            pieces.forEach(up::onNext);
            up.onCompleted();
            try {
                return reply.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof StatusRuntimeException sre ? sre
                        : Status.fromThrowable(e.getCause()).asRuntimeException();
            } catch (Exception e) {
                throw Status.DEADLINE_EXCEEDED.withDescription(e.toString()).asRuntimeException();
            }
        });
    }

    private interface Call<T> {
        T run(AggregatorGrpc.AggregatorBlockingStub stub);
    }

    /** One call with OpenFL's retries; the last failure is thrown after {@code maxAttempts}. */
    private <T> T call(String what, Call<T> call) {
        StatusRuntimeException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            calls.add(what);
            ManagedChannel channel = version == Version.V1_6 ? channels.get() : shared();
            try {
                return call.run(AggregatorGrpc.newBlockingStub(channel));
            } catch (StatusRuntimeException e) {
                last = e;
                if (version == Version.V1_6 && e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
                    throw e;
                }
                pause();
            } finally {
                if (version == Version.V1_6) {
                    channel.shutdownNow();
                }
            }
        }
        throw last;
    }

    private synchronized ManagedChannel shared() {
        if (shared == null) {
            shared = channels.get();
        }
        return shared;
    }

    /** Closes the channel of a 1.9 client. */
    public synchronized void close() {
        if (shared != null) {
            shared.shutdownNow();
            shared = null;
        }
    }

    private void pause() {
        try {
            Thread.sleep(retryPause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
    }

    /** OpenFL's validate_response: the reply must come from this federation's aggregator, to this collaborator. */
    private void validate(MessageHeader h) {
        check("receiver", h.getReceiver(), collaborator);
        check("sender", h.getSender(), aggregator.aggregatorUuid());
        check("federation_uuid", h.getFederationUuid(), aggregator.federationUuid());
        check("single_col_cert_common_name", h.getSingleColCertCommonName(), "");
    }

    private static void check(String field, String found, String expected) {
        if (!found.equals(expected)) {
            throw new AssertionError("reply header " + field + " is '" + found + "', expected '" + expected + "'");
        }
    }
}
