package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.fl4j.aggregator.dashboard.DashboardSettings;
import org.fl4j.pki.TestPki;
import org.fl4j.pki.tls.JdkTlsContexts;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may read the HTTPS dashboard, over real TLS with certificates from our PKI. */
class DashboardAccessTest {

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path workspace;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir, TestFederations.COLLABORATORS.toArray(String[]::new));
        pki.addOperator("ops");
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient as(TlsFiles files) {
        return HttpClient.newBuilder().sslContext(JdkTlsContexts.of(files)).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void localhostAccess_noCertificateFromThisMachine_servesPageStatusAndMetrics() throws Exception {
        try (DashboardFederation f = new DashboardFederation(pki, workspace, 2, DashboardSettings.Access.LOCALHOST)) {
            f.round();
            HttpClient http = f.anonymous();

            HttpResponse<String> page = get(http, f.url("/"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script src=\"/dashboard.js\"", "id=\"accuracy\"")
                    .doesNotContain("http://", "https://");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(
                    "default-src 'self'; frame-ancestors 'none'");
            assertThat(get(http, f.url("/dashboard.js")).body()).contains("/api/status", "/api/metrics");
            assertThat(get(http, f.url("/api/status")).body()).contains("\"round\":1", "\"rounds_to_train\":2",
                    "\"name\":\"alpha\"");
            assertThat(get(http, f.url("/api/metrics")).body()).startsWith(
                    "{\"headline\":\"aggregated_model_validation/accuracy\",\"rounds\":[{\"round\":0,\"aggregated\":{")
                    .contains("\"aggregated_model_validation/accuracy\":" + ScriptedSite.meanAccuracy(0, false));
            assertThat(get(http, f.url("/nothing")).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(f.url("/api/status")))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(405);
        }
    }

    @Test
    void localhostAccess_collaboratorCertificate_refused() throws Exception {
        try (DashboardFederation f = new DashboardFederation(pki, workspace, 2, DashboardSettings.Access.LOCALHOST)) {
            HttpResponse<String> answer = get(as(pki.client("alpha")), f.url("/api/status"));

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains("'alpha' presented a collaborator certificate",
                    "needs an operator certificate");
            assertThat(f.server.status().getCollaborators(0).getLastRefusal()).contains("dashboard refused"
                    + " (not_an_operator)");
        }
    }

    @Test
    void operatorAccess_operatorCertificate_admittedAndNoCertificateRefused() throws Exception {
        try (DashboardFederation f = new DashboardFederation(pki, workspace, 2, DashboardSettings.Access.OPERATOR)) {
            assertThat(get(as(TlsFiles.operator(pki.layout(), "ops")), f.url("/api/status")).statusCode())
                    .isEqualTo(200);
            assertThat(get(as(pki.client("bravo")), f.url("/api/status")).statusCode()).isEqualTo(403);
            // the handshake requires a certificate: a client without one gets no page (TLS alert or 403)
            int anonymous;
            try {
                anonymous = get(f.anonymous(), f.url("/api/status")).statusCode();
            } catch (java.io.IOException e) {
                anonymous = -1;
            }
            assertThat(anonymous).isNotEqualTo(200);
        }
    }

    @Test
    void start_dashboardPortInUse_failsNamingThePortAndStartsNothing() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 2);
        TestFederations.writeInitialModel(config);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> AggregatorServer.startTls(config, null, new OperationsOptions(null, null,
                    new DashboardSettings("127.0.0.1", taken.getLocalPort(), DashboardSettings.Access.LOCALHOST,
                            pki.server(), TlsVersion.TLS_1_3)), pki.server(), TlsVersion.TLS_1_3,
                    new java.net.InetSocketAddress("127.0.0.1", 0), Clock.systemUTC()))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("cannot serve the dashboard on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("aggregator.settings.dashboard_port");
        }
    }
}
