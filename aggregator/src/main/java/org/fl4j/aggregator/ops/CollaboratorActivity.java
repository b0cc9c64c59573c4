package org.fl4j.aggregator.ops;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fl4j.aggregator.CallListener;
import org.fl4j.aggregator.round.FederationListener;

/**
 * What the aggregator saw of each collaborator since it started: last contact, bytes each way, the last
 * refusal (of a call or a result) and the longest task; and how long rounds took, for the estimate of the
 * current round's end. Thread-safe.
 */
final class CollaboratorActivity implements FederationListener, CallListener {

    /** One collaborator's record. */
    static final class Seen {
        volatile Instant lastContact;
        volatile long bytesIn;
        volatile long bytesOut;
        volatile Instant refusedAt;
        volatile String refusal;
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, Instant> given = new ConcurrentHashMap<>();
    private volatile Duration longestTask = Duration.ZERO;
    private volatile Duration totalRounds = Duration.ZERO;
    private volatile long roundsClosed;

    Seen of(String collaborator) {
        return seen.get(collaborator);
    }

    Duration longestTask() {
        return longestTask;
    }

    long roundsClosed() {
        return roundsClosed;
    }

    /** The mean length of the rounds closed since the start, or null before the first. */
    Duration meanRound() {
        long n = roundsClosed;
        return n == 0 ? null : totalRounds.dividedBy(n);
    }

    private Seen record(String collaborator) {
        return seen.computeIfAbsent(collaborator, k -> new Seen());
    }

    @Override
    public void contact(String collaborator, Instant at) {
        record(collaborator).lastContact = at;
    }

    @Override
    public void tasksGiven(String collaborator, long round, List<String> tasks, Instant at) {
        given.putIfAbsent(collaborator + "\u0000" + round, at);
    }

    @Override
    public synchronized void modelSent(String collaborator, long round, long bytes) {
        record(collaborator).bytesOut += bytes;
    }

    @Override
    public synchronized void resultAccepted(String collaborator, long round, String task, long bytes, String sha256,
            Map<String, Double> metrics, Instant at) {
        record(collaborator).bytesIn += bytes;
        Instant start = given.get(collaborator + "\u0000" + round);
        if (start != null) {
            Duration d = Duration.between(start, at);
            if (d.compareTo(longestTask) > 0) {
                longestTask = d;
            }
        }
    }

    @Override
    public void resultRefused(String collaborator, long round, String task, Refusal kind, String reason, Instant at) {
        Seen s = record(collaborator);
        s.refusedAt = at;
        s.refusal = "result of " + task + ", round " + round + " refused (" + kind.label() + "): " + reason;
    }

    @Override
    public synchronized void roundClosed(long round, Duration open, Duration aggregation, List<String> stragglers,
            Map<String, Map<String, Double>> means, Instant at) {
        totalRounds = totalRounds.plus(open);
        roundsClosed++;
        given.keySet().removeIf(k -> k.endsWith("\u0000" + round));
    }

    @Override
    public void refused(String cn, String method, String reason, String detail, SocketAddress remote) {
        Seen s = record(cn);
        s.refusedAt = Instant.now();
        s.refusal = method + " refused (" + reason + "): " + detail;
    }
}
