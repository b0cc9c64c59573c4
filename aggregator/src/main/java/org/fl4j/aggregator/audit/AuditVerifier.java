package org.fl4j.aggregator.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Checks an audit log's chain: every line well formed, sequence numbers consecutive from 0, and each line's
 * {@code prev} the SHA-256 of the line before it; optionally the last line's hash against a head kept
 * elsewhere (the operator's status shows it), which also catches the removal of the last lines.
 */
public final class AuditVerifier {

    /**
     * The outcome.
     *
     * @param lines the lines read
     * @param head the SHA-256 of the last line
     * @param problem null when the chain holds, else what is wrong, naming the first bad line
     */
    public record Result(long lines, String head, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private AuditVerifier() {
    }

    /**
     * Verifies {@code file}; {@code expectedHead}, when present, must be the hash of its last line.
     *
     * @throws IOException when the file cannot be read
     */
    public static Result verify(Path file, Optional<String> expectedHead) throws IOException {
        long n = 0;
        String prevHash = AuditChain.GENESIS;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                Matcher m = AuditChain.LINE.matcher(line);
                if (!m.matches()) {
                    return new Result(n, prevHash, "line " + n + " is not an audit record (changed or cut short)");
                }
                long seq = Long.parseLong(m.group(1));
                if (seq != n - 1) {
                    return new Result(n, prevHash, "line " + n + " has sequence number " + seq + ", expected "
                            + (n - 1) + ": " + (seq > n - 1 ? "lines before it were removed" : "lines were reordered"
                            + " or repeated"));
                }
                if (!m.group(2).equals(prevHash)) {
                    return new Result(n, prevHash, n == 1 ? "line 1 does not start the chain (its prev is not"
                            + " zeros)" : "line " + (n - 1) + " was changed: line " + n + " records another hash of it");
                }
                prevHash = AuditChain.sha256(line);
            }
        }
        if (n == 0) {
            return new Result(0, prevHash, "the audit log is empty");
        }
        if (expectedHead.isPresent() && !expectedHead.get().equalsIgnoreCase(prevHash)) {
            return new Result(n, prevHash, "the last line (" + n + ") does not have the expected hash "
                    + expectedHead.get() + ": it was changed, or lines after it were removed");
        }
        return new Result(n, prevHash, null);
    }
}
