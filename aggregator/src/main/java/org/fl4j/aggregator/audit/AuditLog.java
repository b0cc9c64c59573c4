package org.fl4j.aggregator.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashMap;
import org.fl4j.aggregator.CallListener;
import org.fl4j.aggregator.round.FederationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code logs/audit.jsonl}: one JSON object a line for every connection admitted (its first call) or call
 * refused, every task handed out, every result accepted (with its tensor bytes and their SHA-256) or refused
 * (with the reason), and every round closed. Each line starts with its sequence number and ends with
 * {@code "prev"}, the SHA-256 of the line before it (64 zeros for the first), so {@link AuditVerifier} finds the
 * first line changed, removed or reordered. A restart appends to the file, continuing its chain. Lines are
 * written and flushed as events happen. Thread-safe.
 */
public final class AuditLog implements FederationListener, CallListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final Clock clock;
    private final BufferedWriter out;
    /**
     * Connections seen, by remote address and the identity of their TLS session (sessions' own equals may hold
     * different TLS 1.3 sessions equal), the most recent {@value #CONNECTIONS} kept.
     */
    private final Set<String> connections = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CONNECTIONS;
        }
    });
    static final int CONNECTIONS = 4096;
    private final Set<String> given = new HashSet<>();
    private long seq;
    private String head;
    private boolean failed;

    private AuditLog(Path file, Clock clock, long seq, String head) throws IOException {
        this.file = file;
        this.clock = clock;
        this.seq = seq;
        this.head = head;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Opens (or creates) the log, continuing the chain of the lines already in it. */
    public static AuditLog open(Path file, Clock clock) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        long seq = 0;
        String head = AuditChain.GENESIS;
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                String last = lines.get(lines.size() - 1);
                head = AuditChain.sha256(last);
                seq = AuditChain.seq(last).orElse(lines.size() - 1L) + 1;
            }
        }
        return new AuditLog(file, clock, seq, head);
    }

    public Path file() {
        return file;
    }

    /** The SHA-256 of the last line written: keep it elsewhere to detect the removal of the log's tail. */
    public synchronized String head() {
        return head;
    }

    /** Appends one event: {@code fields} are name/value pairs (strings, numbers or null). */
    synchronized void write(String event, Object... fields) {
        if (failed) {
            return;
        }
        StringBuilder line = new StringBuilder(160).append("{\"seq\":").append(seq).append(",\"time\":")
                .append(AuditChain.quote(clock.instant().toString())).append(",\"event\":")
                .append(AuditChain.quote(event));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object v = fields[i + 1];
            if (v == null) {
                continue;
            }
            line.append(',').append(AuditChain.quote((String) fields[i])).append(':')
                    .append(v instanceof Number ? v.toString() : AuditChain.quote(v.toString()));
        }
        line.append(",\"prev\":\"").append(head).append("\"}");
        String text = line.toString();
        try {
            out.write(text);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            failed = true;
            LOG.error("Cannot write the audit log {}: {}; no further events are recorded", file, e.getMessage());
            return;
        }
        head = AuditChain.sha256(text);
        seq++;
    }

    @Override
    public void admitted(String cn, String role, String method, SocketAddress remote, Object connection) {
        boolean first;
        synchronized (this) {
            first = connection == null
                    || connections.add(remote + "#" + Integer.toHexString(System.identityHashCode(connection)));
        }
        if (first) {
            write("connection_accepted", "cn", cn, "role", role, "method", method, "remote", str(remote));
        }
    }

    @Override
    public void refused(String cn, String method, String reason, String detail, SocketAddress remote) {
        write("connection_refused", "cn", cn, "method", method, "reason", reason, "detail", detail, "remote",
                str(remote));
    }

    @Override
    public void tasksGiven(String collaborator, long round, List<String> tasks, Instant at) {
        boolean first;
        synchronized (this) {
            first = given.add(collaborator + "\u0000" + round);
        }
        if (first) {
            write("tasks", "cn", collaborator, "round", round, "tasks", String.join(",", tasks));
        }
    }

    @Override
    public void resultAccepted(String collaborator, long round, String task, long bytes, String sha256,
            Map<String, Double> metrics, Instant at) {
        write("upload_accepted", "cn", collaborator, "round", round, "task", task, "bytes", bytes, "sha256", sha256);
    }

    @Override
    public void resultRefused(String collaborator, long round, String task, Refusal kind, String reason, Instant at) {
        write("upload_refused", "cn", collaborator, "round", round, "task", task, "reason", kind.label(), "detail",
                reason);
    }

    @Override
    public void roundClosed(long round, Duration open, Duration aggregation, List<String> stragglers,
            Map<String, Map<String, Double>> means, Instant at) {
        synchronized (this) {
            given.removeIf(k -> k.endsWith("\u0000" + round));
        }
        write("round_closed", "round", round, "seconds", open.toMillis() / 1000.0, "stragglers",
                String.join(",", stragglers));
    }

    private static String str(SocketAddress a) {
        return a == null ? null : a.toString();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
