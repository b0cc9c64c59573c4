package org.fl4j.aggregator;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregation.kernel.KernelWarmUp;
import org.fl4j.aggregator.round.Federation;
import org.fl4j.aggregator.round.FederationListener;
import org.fl4j.aggregator.round.Subtree;
import org.fl4j.aggregator.secagg.SecureAggregation;
import org.fl4j.aggregator.store.FederationStore;
import org.fl4j.pki.Pem;
import org.fl4j.pki.RevocationCheck;
import org.fl4j.pki.tls.HandshakeRefusals;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.openfl.OpenFlService;
import org.fl4j.protocol.rpc.AcceptedCodecs;
import org.fl4j.protocol.rpc.FederationService;
import org.fl4j.secagg.PeerTrust;
import org.fl4j.secagg.dp.DistributedDp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator process: a {@link Federation} served over gRPC. {@link #startTls} is the production server
 * (Netty, mutual TLS, client certificates checked against cols.yaml and the CRL); {@link #start} takes any
 * {@link ServerBuilder}, so tests and single-JVM experiments run the same service in-process.
 *
 * <pre>{@code
 * try (AggregatorServer server = AggregatorServer.startTls(AggregatorConfig.fromPlan(plan, workspace),
 *         TlsFiles.aggregator(PkiLayout.of(workspace), plan.aggregatorAddress()), TlsVersion.TLS_1_3,
 *         new InetSocketAddress(plan.aggregatorPort()), Clock.systemUTC())) {
 *     server.awaitFinished();
 * }
 * }</pre>
 */
public final class AggregatorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AggregatorServer.class);

    private final Server server;
    private final Federation federation;
    private final HandshakeRefusals handshakeRefusals;
    private final Operations operations;

    private AggregatorServer(Server server, Federation federation, HandshakeRefusals handshakeRefusals,
            Operations operations) {
        this.server = server;
        this.federation = federation;
        this.handshakeRefusals = handshakeRefusals;
        this.operations = operations;
    }

    /**
     * Loads the federation's state (checkpoint or initial model) and serves it on {@code builder}, behind
     * {@code authentication}.
     *
     * @throws IOException when the state cannot be loaded or the server cannot bind
     */
    public static AggregatorServer start(ServerBuilder<?> builder, AggregatorConfig config,
            PeerAuthentication authentication, Clock clock) throws IOException {
        return start(builder, config, null, authentication, clock);
    }

    /**
     * As {@link #start(ServerBuilder, AggregatorConfig, PeerAuthentication, Clock)}, also serving OpenFL's
     * protocol on the same port when {@code openfl} is given: both services share the federation, so fl4j and
     * OpenFL collaborators can take part in the same rounds.
     */
    public static AggregatorServer start(ServerBuilder<?> builder, AggregatorConfig config, OpenFlOptions openfl,
            PeerAuthentication authentication, Clock clock) throws IOException {
        return start(builder, config, openfl, OperationsOptions.NONE, authentication, clock);
    }

    /**
     * As {@link #start(ServerBuilder, AggregatorConfig, OpenFlOptions, PeerAuthentication, Clock)}, with a metrics
     * endpoint and an audit log as {@code ops} says. The metrics port is bound first: when it is in use, nothing
     * else starts.
     */
    public static AggregatorServer start(ServerBuilder<?> builder, AggregatorConfig config, OpenFlOptions openfl,
            OperationsOptions ops, PeerAuthentication authentication, Clock clock) throws IOException {
        return start(builder, config, openfl, ops, authentication, clock, new HandshakeRefusals(clock), null, null);
    }

    /**
     * An intermediate aggregator's server on {@code builder}: its rounds start when {@code subtree} runs them
     * (the parent's rounds), see {@link Federation#Federation(AggregatorConfig, FederationStore, Clock,
     * SecureAggregation, FederationListener, Subtree)}.
     */
    public static AggregatorServer startIntermediate(ServerBuilder<?> builder, AggregatorConfig config,
            Subtree subtree, OperationsOptions ops, PeerAuthentication authentication, Clock clock)
            throws IOException {
        return start(builder, config, null, ops, authentication, clock, new HandshakeRefusals(clock), null,
                java.util.Objects.requireNonNull(subtree, "subtree"));
    }

    /**
     * @param trust the federation's CA chain, which secure aggregation checks collaborators' keys against (null
     *              without TLS: a plan that enables secure aggregation is then refused)
     */
    private static AggregatorServer start(ServerBuilder<?> builder, AggregatorConfig config, OpenFlOptions openfl,
            OperationsOptions ops, PeerAuthentication authentication, Clock clock, HandshakeRefusals handshakes,
            PeerTrust trust, Subtree subtree) throws IOException {
        KernelWarmUp.startOnce();
        SecureAggregation secure = secureAggregation(config, openfl, trust);
        Operations operations = Operations.start(config, ops, handshakes, clock);
        Federation federation;
        try {
            federation = new Federation(config, new FederationStore(config.paths(), config.provenance()), clock,
                    secure, operations.listener(), subtree);
            federation.start();
        } catch (IOException | RuntimeException e) {
            operations.close();
            throw e;
        }
        operations.attach(federation);
        authentication = authentication.withListener(operations.calls());
        try {
            builder.addService(ServerInterceptors.intercept(operations.service(), authentication));
            FederationService service = new FederationService(config.name(), config.federationId(), config.limits(),
                    federation, AcceptedCodecs.forPlan(secure != null));
            builder.addService(ServerInterceptors.intercept(service, authentication));
            int maxMessage = config.limits().maxMessageBytes();
            if (openfl != null) {
                builder.addService(ServerInterceptors.intercept(new OpenFlService(openfl.identity(), openfl.tasks(),
                        config.limits(), federation), authentication));
                maxMessage = Math.max(maxMessage, OpenFlService.maxMessageBytes());
                LOG.info("Serving OpenFL's protocol too: federation uuid {}, aggregator uuid {}",
                        openfl.identity().federationUuid(), openfl.identity().aggregatorUuid());
            }
            Server server = builder.maxInboundMessageSize(maxMessage)
                    .build()
                    .start();
            return new AggregatorServer(server, federation, handshakes, operations);
        } catch (IOException | RuntimeException e) {
            federation.close();
            operations.close();
            throw e;
        }
    }

    /** The secure-aggregation stage of a plan that enables it, or null; refuses what it cannot run with. */
    private static SecureAggregation secureAggregation(AggregatorConfig config, OpenFlOptions openfl,
            PeerTrust trust) {
        if (!config.updatePath().secureAggregation().enabled()) {
            return null;
        }
        if (trust == null) {
            throw new IllegalArgumentException("aggregator.settings.secure_aggregation needs mutual TLS: the"
                    + " collaborators' keys are signed with their certificates' keys");
        }
        if (openfl != null) {
            throw new IllegalArgumentException("aggregator.settings.secure_aggregation cannot serve OpenFL"
                    + " collaborators, which send their updates in clear: disable one of them");
        }
        LOG.info("Secure aggregation is on: the sites mask their updates (SecAgg+); the aggregator learns only"
                + " their weighted average each round");
        return new SecureAggregation(config.federationId(), config.updatePath().secureAggregation(), trust,
                DistributedDp.of(config.updatePath().privacy(), config.updatePath().secureAggregation(),
                        config.roundsToTrain()));
    }

    /** The production server: Netty on {@code bind}, mutual TLS from the aggregator's PKI files. */
    public static AggregatorServer startTls(AggregatorConfig config, TlsFiles tls, TlsVersion minimum,
            InetSocketAddress bind, Clock clock) throws IOException {
        return startTls(config, null, tls, minimum, bind, clock);
    }

    /** The production server, also serving OpenFL's protocol when {@code openfl} is given (null: not). */
    public static AggregatorServer startTls(AggregatorConfig config, OpenFlOptions openfl, TlsFiles tls,
            TlsVersion minimum, InetSocketAddress bind, Clock clock) throws IOException {
        return startTls(config, openfl, OperationsOptions.NONE, tls, minimum, bind, clock);
    }

    /** The production server, with the operator's metrics endpoint and audit log as {@code ops} says. */
    public static AggregatorServer startTls(AggregatorConfig config, OpenFlOptions openfl, OperationsOptions ops,
            TlsFiles tls, TlsVersion minimum, InetSocketAddress bind, Clock clock) throws IOException {
        return startTls(config, openfl, ops, tls, minimum, bind, clock, null);
    }

    /**
     * An intermediate aggregator's production server: as {@link #startTls(AggregatorConfig, OpenFlOptions,
     * OperationsOptions, TlsFiles, TlsVersion, InetSocketAddress, Clock)}, its rounds paced by {@code subtree}.
     */
    public static AggregatorServer startIntermediateTls(AggregatorConfig config, Subtree subtree,
            OperationsOptions ops, TlsFiles tls, TlsVersion minimum, InetSocketAddress bind, Clock clock)
            throws IOException {
        return startTls(config, null, ops, tls, minimum, bind, clock,
                java.util.Objects.requireNonNull(subtree, "subtree"));
    }

    private static AggregatorServer startTls(AggregatorConfig config, OpenFlOptions openfl, OperationsOptions ops,
            TlsFiles tls, TlsVersion minimum, InetSocketAddress bind, Clock clock, Subtree subtree)
            throws IOException {
        RevocationCheck revocation = tls.crlFile()
                .map(crl -> RevocationCheck.fromFile(crl, Pem.readCertificates(tls.trustedChain())))
                .orElse(RevocationCheck.none());
        HandshakeRefusals handshakes = new HandshakeRefusals(clock);
        NettyServerBuilder builder = TlsTransport.server(NettyServerBuilder.forAddress(bind),
                        TlsContexts.server(tls, minimum), handshakes)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .flowControlWindow(4 << 20);
        PeerTrust trust = config.updatePath().secureAggregation().enabled()
                ? PeerTrust.fromFile(tls.trustedChain(), clock) : null;
        AggregatorServer server = start(builder, config, openfl, ops,
                PeerAuthentication.mutualTls(new HashSet<>(config.collaborators()), revocation), clock, handshakes,
                trust, subtree);
        LOG.info("Aggregator {} serving federation {} on port {} (mutual TLS): {} collaborators, {} rounds",
                config.name(), config.federationId(), server.port(), config.collaborators().size(),
                config.roundsToTrain());
        return server;
    }

    /** The port the server listens on (-1 for in-process). */
    public int port() {
        return server.getPort();
    }

    public Federation federation() {
        return federation;
    }

    /** The port {@code /metrics} is served on, or -1 without a metrics endpoint. */
    public int metricsPort() {
        return operations.metricsPort();
    }

    /** The port the HTTPS dashboard is served on, or -1 without a dashboard. */
    public int dashboardPort() {
        return operations.dashboardPort();
    }

    /** The operator's status now (what {@code fx aggregator status} shows). */
    public org.fl4j.protocol.v1.StatusReply status() {
        return operations.service().status();
    }

    /**
     * The TLS handshakes this server refused, by reason (all zero for a server without TLS). Each is logged at
     * WARN with the peer's address and certificate, at most once a minute per address.
     */
    public HandshakeRefusals handshakeRefusals() {
        return handshakeRefusals;
    }

    /**
     * Blocks until the federation is over (every round done and collaborators told to quit, or the grace
     * period passed).
     *
     * @throws IOException when the federation stopped because its state could not be saved
     */
    public void awaitFinished() throws IOException, InterruptedException {
        try {
            federation.finished().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    /**
     * Stops serving: pending task requests are answered (quit when the federation is over), other calls in
     * flight get a few seconds to finish.
     */
    @Override
    public void close() {
        federation.close();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            operations.close();
        }
    }
}
