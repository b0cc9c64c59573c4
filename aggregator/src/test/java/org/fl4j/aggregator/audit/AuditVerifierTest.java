package org.fl4j.aggregator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's chain: written by {@link AuditLog}, checked by {@link AuditVerifier} after each kind of damage. */
class AuditVerifierTest {

    @TempDir
    Path dir;
    Path file;
    String head;

    @BeforeEach
    void writeFiveEvents() throws IOException {
        file = dir.resolve("logs/audit.jsonl");
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC);
        try (AuditLog log = AuditLog.open(file, clock)) {
            log.write("tasks", "cn", "alpha", "round", 0L, "tasks", "train");
            log.write("upload_accepted", "cn", "alpha", "round", 0L, "task", "train", "bytes", 40L, "sha256", "ab");
            log.write("upload_refused", "cn", "bravo", "round", 0L, "task", "train", "reason", "invalid",
                    "detail", "tensor \"w\" has 3 values, expected 4");
        }
        // a restart appends, continuing the chain
        try (AuditLog log = AuditLog.open(file, clock)) {
            log.write("round_closed", "round", 0L);
            log.write("tasks", "cn", "alpha", "round", 1L, "tasks", "train");
            head = log.head();
        }
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private AuditVerifier.Result verifyAfter(List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
        return AuditVerifier.verify(file, Optional.empty());
    }

    @Test
    void verify_untouched_okWithHead() throws IOException {
        AuditVerifier.Result r = AuditVerifier.verify(file, Optional.of(head));

        assertThat(r.problem()).isNull();
        assertThat(r.lines()).isEqualTo(5);
        assertThat(r.head()).isEqualTo(head);
        assertThat(lines().get(3)).startsWith("{\"seq\":3,");
    }

    @Test
    void verify_lineChanged_namesIt() throws IOException {
        List<String> lines = lines();
        lines.set(1, lines.get(1).replace("\"bytes\":40", "\"bytes\":41"));

        assertThat(verifyAfter(lines).problem()).isEqualTo("line 2 was changed: line 3 records another hash of it");
    }

    @Test
    void verify_lineRemoved_namesTheLineAfterTheGap() throws IOException {
        List<String> lines = lines();
        lines.remove(2);

        assertThat(verifyAfter(lines).problem()).startsWith("line 3 has sequence number 3, expected 2: lines before"
                + " it were removed");
    }

    @Test
    void verify_linesReordered_namesTheFirstOutOfPlace() throws IOException {
        List<String> lines = lines();
        String second = lines.remove(1);
        lines.add(2, second);

        assertThat(verifyAfter(lines).problem()).startsWith("line 2 has sequence number 2, expected 1");
    }

    @Test
    void verify_lastLineCutShort_namesIt() throws IOException {
        List<String> lines = lines();
        lines.set(4, lines.get(4).substring(0, 30));

        assertThat(verifyAfter(lines).problem()).isEqualTo("line 5 is not an audit record (changed or cut short)");
    }

    @Test
    void verify_tailRemoved_caughtOnlyByTheHead() throws IOException {
        List<String> lines = lines();
        lines.remove(4);
        Files.write(file, lines, StandardCharsets.UTF_8);

        assertThat(AuditVerifier.verify(file, Optional.empty()).ok()).isTrue();
        assertThat(AuditVerifier.verify(file, Optional.of(head)).problem())
                .startsWith("the last line (4) does not have the expected hash");
    }

    @Test
    void verify_empty_refused() throws IOException {
        assertThat(verifyAfter(List.of()).problem()).isEqualTo("the audit log is empty");
    }
}
