package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.aggregator.audit.AuditLog;
import org.fl4j.aggregator.round.FederationListener;
import org.fl4j.aggregator.store.MetricsLog;
import org.fl4j.pki.CertificateUsage;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.Pem;
import org.fl4j.pki.PkiLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fx pki operator, fx audit verify and fx metrics show / plot on files in a temporary workspace. */
class OperationsCommandsTest {

    @TempDir
    Path ws;

    private final FxRunner fx = new FxRunner();
    private final Instant t = Instant.parse("2025-01-01T10:00:00Z");

    private int fx(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = ws.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return fx.run(all);
    }

    @Test
    void pkiOperator_issuesAnOperatorCertificateWithAPrivateKey() throws Exception {
        assertThat(fx("workspace", "certify")).isEqualTo(Fx.OK);

        assertThat(fx("pki", "operator", "-n", "ops")).as(fx.err()).isEqualTo(Fx.OK);

        PkiLayout layout = PkiLayout.of(ws);
        X509Certificate cert = Pem.readCertificate(layout.operatorCert("ops"));
        assertThat(Certificates.isOperator(cert)).isTrue();
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2", CertificateUsage.OPERATOR_OID);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.operatorKey("ops"))))
                .isEqualTo("rw-------");
        assertThat(fx.out()).contains("cert/operator/op_ops.crt", "fx aggregator status --operator ops");
        assertThat(fx("pki", "operator", "-n", "ops")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("already exists");
    }

    @Test
    void collaboratorCertificate_isNoOperator() throws Exception {
        assertThat(fx("workspace", "certify")).isEqualTo(Fx.OK);
        assertThat(fx("collaborator", "generate-cert-request", "-n", "alpha", "-x")).as(fx.err()).isEqualTo(Fx.OK);
        assertThat(fx("collaborator", "certify", "-n", "alpha", "-s", "--no-register")).as(fx.err())
                .isEqualTo(Fx.OK);

        assertThat(Certificates.isOperator(Pem.readCertificate(PkiLayout.of(ws).collaboratorCert("alpha"))))
                .isFalse();
    }

    private Path auditLog() throws Exception {
        Path file = ws.resolve("logs/audit.jsonl");
        try (AuditLog log = AuditLog.open(file, Clock.fixed(t, ZoneOffset.UTC))) {
            log.tasksGiven("alpha", 0, List.of("train"), t);
            log.resultAccepted("alpha", 0, "train", 40, "ab".repeat(32), Map.of(), t);
            log.resultRefused("bravo", 0, "train", FederationListener.Refusal.INVALID, "bad shape", t);
        }
        return file;
    }

    @Test
    void auditVerify_untouched_ok() throws Exception {
        auditLog();

        assertThat(fx("audit", "verify")).as(fx.err()).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("OK, 3 lines");
    }

    @Test
    void auditVerify_tampered_exit1NamingTheLine() throws Exception {
        Path file = auditLog();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("\"bytes\":40", "\"bytes\":4000"));
        Files.write(file, lines);

        assertThat(fx("audit", "verify", file.toString())).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("line 2 was changed: line 3 records another hash of it");
    }

    @Test
    void auditVerify_badHead_usageLikeFailure() throws Exception {
        auditLog();

        assertThat(fx("audit", "verify", "--head", "xyz")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("--head must be a SHA-256");
    }

    private Path metricsLog() throws Exception {
        Path file = ws.resolve("logs/metrics.jsonl");
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            for (String origin : List.of("alpha", "bravo")) {
                lines.add(MetricsLog.line(r, origin, "aggregated_model_validation", "accuracy", 0.5 + 0.1 * r
                        + (origin.equals("bravo") ? 0.02 : 0), t));
                lines.add(MetricsLog.line(r, origin, "train", "loss", 1.0 / (r + 1), t));
            }
            lines.add(MetricsLog.line(r, MetricsLog.AGGREGATOR, "aggregated_model_validation", "accuracy",
                    0.51 + 0.1 * r, t));
            lines.add(MetricsLog.line(r, MetricsLog.AGGREGATOR, "train", "loss", 1.0 / (r + 1), t));
        }
        new MetricsLog(file).append(lines);
        return file;
    }

    @Test
    void metricsShow_printsOneRowPerRoundAndOrigin() throws Exception {
        metricsLog();

        assertThat(fx("metrics", "show")).as(fx.err()).isEqualTo(Fx.OK);

        List<String> rows = fx.out().lines().toList();
        assertThat(rows).hasSize(1 + 3 * 3);
        assertThat(rows.get(0)).contains("ROUND", "ORIGIN", "aggregated_model_validation/accuracy", "train/loss");
        assertThat(rows.get(1)).matches("0\\s+aggregator\\s+0\\.5100\\s+1\\.0000");
        assertThat(rows.get(9)).matches("2\\s+bravo\\s+0\\.7200\\s+0\\.3333");
    }

    @Test
    void metricsPlot_writesAPng() throws Exception {
        metricsLog();
        Path png = ws.resolve("metrics.png");

        assertThat(fx("metrics", "plot", "-o", png.toString())).as(fx.err()).isEqualTo(Fx.OK);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(fx.out()).contains("6 series");
    }

    @Test
    void metricsPlot_emptyFile_clearError() throws Exception {
        Files.createDirectories(ws.resolve("logs"));
        Files.writeString(ws.resolve("logs/metrics.jsonl"), "");

        assertThat(fx("metrics", "plot", "-o", ws.resolve("m.png").toString())).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("metrics.jsonl holds no metrics yet (it is empty)").doesNotContain("Exception");
    }

    @Test
    void metricsPlot_corruptLine_namesFileAndLine() throws Exception {
        Path file = metricsLog();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(4, lines.get(4).substring(0, 20));
        Files.write(file, lines);

        assertThat(fx("metrics", "plot", "-o", ws.resolve("m.png").toString())).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("metrics.jsonl:5: not a metrics record").doesNotContain("Exception");
        assertThat(fx("metrics", "show")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("metrics.jsonl:5:");
    }
}
