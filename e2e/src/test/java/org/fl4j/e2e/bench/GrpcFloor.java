package org.fl4j.e2e.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.MtlsProbe;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsTransport;

/**
 * The transport's floor under {@link RuntimeBenchmark}: the same traffic (N uploads of the model's bytes,
 * then N downloads) over gRPC on Netty with loopback mutual TLS and fl4j's wide HTTP/2 frames
 * ({@link TlsTransport}), 1 MiB messages of raw bytes (no protobuf, no checks, no aggregation, nothing stored:
 * the receiver reads each message through a reused array, as plain TLS's reader does), the same flow-control
 * window as fl4j, in one JVM. What fl4j costs above plain TLS splits into what gRPC itself costs (this) and
 * what fl4j adds.
 *
 * <p>Run: {@code mvn -B -q -Pruntime-benchmark -pl e2e -am test -DskipTests -Dbench.main=org.fl4j.e2e.bench.GrpcFloor}
 */
public final class GrpcFloor {

    private static final byte[] NOTHING = new byte[0];
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[64 << 10]);

    /**
     * Sends a byte array; receives by reading the message through a reused scratch array and keeping nothing,
     * as plain TLS's reader does: the one copy a receiver cannot avoid, and no allocation.
     */
    private static final MethodDescriptor.Marshaller<byte[]> READ_THROUGH = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return MtlsProbe.BYTES.stream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            byte[] scratch = SCRATCH.get();
            try {
                while (stream.read(scratch) > 0) {
                    // read and dropped
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return NOTHING;
        }
    };

    private static final MethodDescriptor<byte[], byte[]> UP = method("Up", MethodDescriptor.MethodType.CLIENT_STREAMING);
    private static final MethodDescriptor<byte[], byte[]> DOWN = method("Down",
            MethodDescriptor.MethodType.SERVER_STREAMING);
    private static final int CHUNK = 1 << 20;
    private static final int WINDOW = 4 << 20;

    private GrpcFloor() {
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type).setFullMethodName("floor/" + name)
                .setRequestMarshaller(READ_THROUGH).setResponseMarshaller(READ_THROUGH).build();
    }

    public static void main(String[] args) throws Exception {
        long bytes = 4L * Integer.parseInt(System.getProperty("bench.params", "25000000"));
        int n = Integer.parseInt(System.getProperty("bench.collaborators", "4"));
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "16"));
        int chunks = (int) ((bytes + CHUNK - 1) / CHUNK);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("site" + i);
        }
        TestPki pki = TestPki.create(Files.createTempDirectory("fl4j-grpc-floor"), names.toArray(String[]::new));
        byte[] payload = new byte[CHUNK];
        Server server = TlsTransport.server(NettyServerBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), TlsContexts.server(pki.server()))
                .flowControlWindow(WINDOW)
                .maxInboundMessageSize(2 * CHUNK).addService(service(payload, chunks)).build().start();
        List<ManagedChannel> channels = new ArrayList<>();
        for (String name : names) {
            channels.add(TlsTransport.client(NettyChannelBuilder.forAddress("localhost", server.getPort()),
                            TlsContexts.client(pki.client(name))).flowControlWindow(WINDOW)
                    .maxInboundMessageSize(2 * CHUNK).build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Long> cycles = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long c0 = BenchmarkClients.cpuMillis();
            long t0 = System.nanoTime();
            all(pool, channels, ch -> upload(ch, payload, chunks));
            long t1 = System.nanoTime();
            all(pool, channels, GrpcFloor::download);
            long t2 = System.nanoTime();
            cycles.add((t2 - t0) / 1_000_000);
            cpu.add(BenchmarkClients.cpuMillis() - c0);
            System.out.printf(Locale.ROOT, "cycle %d: %d uploads %d ms, %d downloads %d ms%n", round, n,
                    (t1 - t0) / 1_000_000, n, (t2 - t1) / 1_000_000);
        }
        System.out.printf(Locale.ROOT, "gRPC floor, median of the warm half of the cycles: %d ms%n",
                RuntimeBenchmark.warmMedian(cycles));
        System.out.printf(Locale.ROOT, "gRPC floor, CPU time of its JVM per cycle, median of the warm half: %d ms%n",
                RuntimeBenchmark.warmMedian(cpu));
        channels.forEach(ManagedChannel::shutdownNow);
        server.shutdownNow();
        pool.shutdownNow();
    }

    private interface Transfer {
        void run(ManagedChannel channel) throws Exception;
    }

    private static void all(ExecutorService pool, List<ManagedChannel> channels, Transfer t) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (ManagedChannel ch : channels) {
            running.add(pool.submit(() -> {
                t.run(ch);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }

    private static ServerServiceDefinition service(byte[] payload, int chunks) {
        return ServerServiceDefinition.builder("floor")
                .addMethod(UP, ServerCalls.asyncClientStreamingCall(reply -> new StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        reply.onNext(new byte[0]);
                        reply.onCompleted();
                    }
                }))
                .addMethod(DOWN, ServerCalls.asyncServerStreamingCall((request, reply) -> {
                    var out = (ServerCallStreamObserver<byte[]>) reply;
                    int[] sent = {0};
                    out.setOnReadyHandler(() -> {
                        while (out.isReady() && sent[0] < chunks) {
                            out.onNext(payload);
                            sent[0]++;
                        }
                        if (sent[0] == chunks) {
                            sent[0]++;
                            out.onCompleted();
                        }
                    });
                }))
                .build();
    }

    /** Sends {@code chunks} messages as flow control allows, like fl4j's upload. */
    private static void upload(ManagedChannel channel, byte[] payload, int chunks) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        var call = channel.newCall(UP, CallOptions.DEFAULT);
        ClientCalls.asyncClientStreamingCall(call, new io.grpc.stub.ClientResponseObserver<byte[], byte[]>() {
            private int sent;

            @Override
            public void beforeStart(ClientCallStreamObserver<byte[]> requests) {
                requests.setOnReadyHandler(() -> {
                    while (requests.isReady() && sent < chunks) {
                        requests.onNext(payload);
                        sent++;
                    }
                    if (sent == chunks) {
                        sent++;
                        requests.onCompleted();
                    }
                });
            }

            @Override
            public void onNext(byte[] value) {
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        done.get();
    }

    private static void download(ManagedChannel channel) {
        Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(channel, DOWN, CallOptions.DEFAULT, new byte[1]);
        while (it.hasNext()) {
            it.next();
        }
    }
}
