package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.audit.AuditVerifier;
import org.fl4j.aggregator.ops.StatusClient;
import org.fl4j.metrics.MetricsSettings;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.TlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsTransport;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.v1.CollaboratorStatus;
import org.fl4j.protocol.v1.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's side of a real aggregator over loopback mutual TLS: status for operator certificates only,
 * operator certificates refused as collaborators, /metrics, the audit log, and a metrics port in use.
 */
class OperationsTest {

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path workspace;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    private final List<ManagedChannel> channels = new ArrayList<>();
    private AggregatorServer server;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir, TestFederations.COLLABORATORS.toArray(String[]::new));
        pki.addOperator("ops");
        // an operator whose CN is a collaborator's name: still never a collaborator
        pki.addOperator("alpha");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private AggregatorConfig startWithOperations() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 2);
        TestFederations.writeInitialModel(config);
        server = AggregatorServer.startTls(config, null, new OperationsOptions(new MetricsSettings("127.0.0.1", 0),
                workspace.resolve("logs/audit.jsonl")), pki.server(), TlsVersion.TLS_1_3,
                new InetSocketAddress("127.0.0.1", 0), clock);
        return config;
    }

    private ManagedChannel channel(TlsFiles files) {
        ManagedChannel c = TlsTransport.client(NettyChannelBuilder.forAddress(TestPki.AGGREGATOR, server.port()),
                TlsContexts.client(files)).build();
        channels.add(c);
        return c;
    }

    private ScriptedSite site(String name, AggregatorConfig config) {
        return new ScriptedSite(name, new FederationClient(channel(pki.client(name)),
                new Route(name, config.name(), config.federationId()), config.limits(), Duration.ofSeconds(30)));
    }

    @Test
    void status_operatorCertificate_showsRoundAndEachCollaborator() throws Exception {
        AggregatorConfig config = startWithOperations();
        for (String name : List.of("alpha", "bravo")) {
            site(name, config).nextRound();
        }
        StatusReply status = new StatusClient(channel(TlsFiles.operator(pki.layout(), "ops"))).status(Duration.ofSeconds(10));

        assertThat(status.getFederationId()).isEqualTo(config.federationId());
        assertThat(status.getRound()).isZero();
        assertThat(status.getRoundsToTrain()).isEqualTo(2);
        assertThat(status.getPhase()).isEqualTo("training");
        assertThat(status.getCollaboratorsList()).extracting(CollaboratorStatus::getName, CollaboratorStatus::getState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha", "uploaded"),
                        org.assertj.core.groups.Tuple.tuple("bravo", "uploaded"),
                        org.assertj.core.groups.Tuple.tuple("charlie", "unseen"));
        long modelBytes = 4 * TestFederations.initialModel().parameterCount();
        CollaboratorStatus alpha = status.getCollaborators(0);
        assertThat(alpha.getBytesIn()).isEqualTo(modelBytes);
        assertThat(alpha.getBytesOut()).isGreaterThanOrEqualTo(modelBytes);
        assertThat(alpha.getLastContactMs()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(alpha.getDoneList()).containsExactlyInAnyOrderElementsOf(alpha.getTasksList());
        assertThat(status.getEstimatedRoundEndMs()).isEqualTo(clock.instant().toEpochMilli());
    }

    @Test
    void status_collaboratorCertificate_refused() throws Exception {
        startWithOperations();
        StatusClient asCollaborator = new StatusClient(channel(pki.client("bravo")));

        assertThatThrownBy(() -> asCollaborator.status(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).contains("operator certificate");
                });
    }

    @Test
    void ping_operatorCertificateWithACollaboratorsName_refused() throws Exception {
        AggregatorConfig config = startWithOperations();
        FederationClient impostor = new FederationClient(channel(TlsFiles.operator(pki.layout(), "alpha")),
                new Route("alpha", config.name(), config.federationId()), config.limits(), Duration.ofSeconds(30));

        assertThatThrownBy(() -> impostor.ping(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(FederationException.class, e -> assertThat(e.getMessage())
                        .contains("operator certificate, which cannot act as a collaborator"));
        assertThat(Files.readString(workspace.resolve("logs/audit.jsonl")))
                .contains("\"event\":\"connection_refused\",\"cn\":\"alpha\",\"method\":\"Ping\","
                        + "\"reason\":\"operator_as_collaborator\"");
    }

    @Test
    void metrics_afterARound_servesCountersInPrometheusFormat() throws Exception {
        AggregatorConfig config = startWithOperations();
        for (String name : TestFederations.COLLABORATORS) {
            site(name, config).nextRound();
        }
        server.federation().awaitCommitted();

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("fl4j_rounds_completed_total 1.0", "fl4j_round 1.0",
                "fl4j_results_accepted_total{task=\"train\"} 3.0",
                "fl4j_collaborator_received_bytes_total{collaborator=\"charlie\"} "
                        + 4.0 * TestFederations.initialModel().parameterCount(),
                "fl4j_round_duration_seconds_count 1", "fl4j_round_phase_duration_seconds_count{phase=\"save\"} 1",
                "fl4j_handshakes_refused_total{reason=\"untrusted_certificate\"} 0.0", "jvm_memory_used_bytes",
                "fl4j_staged_bytes 0.0");
    }

    @Test
    void auditLog_afterARound_chainVerifiesAndRecordsEachUploadsHash() throws Exception {
        AggregatorConfig config = startWithOperations();
        ModelWeights global = TestFederations.initialModel();
        for (String name : TestFederations.COLLABORATORS) {
            site(name, config).nextRound();
        }
        server.federation().awaitCommitted();
        String head = server.status().getAuditHead();
        server.close();
        server = null;
        Path audit = workspace.resolve("logs/audit.jsonl");

        AuditVerifier.Result result = AuditVerifier.verify(audit, Optional.of(head));

        assertThat(result.ok()).as(result.problem()).isTrue();
        String log = Files.readString(audit);
        for (String name : TestFederations.COLLABORATORS) {
            assertThat(log).contains("\"event\":\"connection_accepted\",\"cn\":\"" + name + "\",\"role\":"
                    + "\"collaborator\"");
        }
        assertThat(log).contains(
                "\"event\":\"tasks\",\"cn\":\"bravo\",\"round\":0", "\"event\":\"round_closed\",\"round\":0");
        for (String name : TestFederations.COLLABORATORS) {
            assertThat(log).contains("\"event\":\"upload_accepted\",\"cn\":\"" + name + "\",\"round\":0,\"task\":"
                    + "\"train\",\"bytes\":" + 4 * global.parameterCount() + ",\"sha256\":\""
                    + sha256(TestFederations.trained(global, name, 0)) + "\"");
        }
    }

    @Test
    void start_metricsPortInUse_failsNamingThePortAndStartsNothing() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 2);
        TestFederations.writeInitialModel(config);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> AggregatorServer.startTls(config, null, new OperationsOptions(
                    new MetricsSettings("127.0.0.1", port), workspace.resolve("logs/audit.jsonl")), pki.server(),
                    TlsVersion.TLS_1_3, new InetSocketAddress("127.0.0.1", 0), clock))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + port)
                    .hasMessageContaining("metrics_port");
        }
        assertThat(workspace.resolve("logs/audit.jsonl")).doesNotExist();
        assertThat(config.paths().metricsLog()).doesNotExist();
    }

    /** SHA-256 of the model's values as little-endian floats, tensor after tensor: the bytes on the wire. */
    static String sha256(ModelWeights w) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (Tensor t : w.tensors()) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.values());
            d.update(b);
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
