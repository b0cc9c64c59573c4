package org.fl4j.pki.tls;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.fl4j.pki.Certificates;

/**
 * A test fixture (in fl4j-pki's test-jar): one gRPC call over loopback mTLS between a Netty server and client
 * built from the given contexts, answering the client certificate's CN as the server saw it. Needs only
 * grpc-api, grpc-stub and grpc-netty-shaded (no generated code).
 *
 * <pre>{@code
 * String cn = MtlsProbe.call(TlsContexts.server(serverFiles), TlsContexts.client(clientFiles), "localhost");
 * }</pre>
 * A failed handshake surfaces as {@link io.grpc.StatusRuntimeException} (code UNAVAILABLE).
 */
public final class MtlsProbe {

    /** Raw bytes as gRPC messages, for test services without generated code. */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static final MethodDescriptor<byte[], byte[]> WHO_AM_I = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("fl4j.test.Probe/WhoAmI")
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();

    private MtlsProbe() {
    }

    /** Makes the call to {@code host} (which must resolve to loopback) and returns the CN the server saw. */
    public static String call(SslContext serverContext, SslContext clientContext, String host) throws IOException,
            InterruptedException {
        Server server = NettyServerBuilder.forPort(0).sslContext(serverContext).addService(service()).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, server.getPort()).sslContext(clientContext).build();
        try {
            byte[] cn = ClientCalls.blockingUnaryCall(channel, WHO_AM_I,
                    CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new byte[0]);
            return new String(cn, StandardCharsets.UTF_8);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder("fl4j.test.Probe").addMethod(WHO_AM_I, MtlsProbe::answer).build();
    }

    private static ServerCall.Listener<byte[]> answer(ServerCall<byte[], byte[]> call, Metadata headers) {
        call.request(1);
        return new ServerCall.Listener<byte[]>() {
            @Override
            public void onMessage(byte[] message) {
                String cn;
                try {
                    var session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                    cn = Certificates.commonName((X509Certificate) session.getPeerCertificates()[0]);
                } catch (SSLPeerUnverifiedException | RuntimeException e) {
                    call.close(Status.UNAUTHENTICATED.withDescription("no verified client certificate"), new Metadata());
                    return;
                }
                call.sendHeaders(new Metadata());
                call.sendMessage(cn.getBytes(StandardCharsets.UTF_8));
                call.close(Status.OK, new Metadata());
            }
        };
    }
}
