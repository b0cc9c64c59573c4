package org.fl4j.pki.tls;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS handshakes a server refused: counted by {@link Reason} (for a metrics exporter, through
 * {@link #snapshot()}), and logged at WARN with the peer's address, the certificate it presented (subject and
 * issuer) and the reason, at most once a minute per peer address: the next line for that address says how many
 * more it was refused since. A flood cannot flood the log: beyond {@value #MAX_LINES_PER_MINUTE} lines a minute
 * refusals are only counted, and one line says how many went unlogged. An address is remembered while it is
 * quiet in the log or has refusals not yet logged, at most {@value #MAX_PEERS} of them (the eldest go first). A peer that closes the connection during the handshake
 * (a port probe, a client giving up) is counted as {@link Reason#ABANDONED} and logged at DEBUG only. Time comes
 * from the injected clock. Thread-safe.
 */
public final class HandshakeRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeRefusals.class);
    /** How long a peer address stays quiet in the log after a line about it. */
    static final Duration QUIET = Duration.ofMinutes(1);
    static final int MAX_LINES_PER_MINUTE = 20;
    static final int MAX_PEERS = 1024;

    /** Why a handshake was refused; {@link #label()} is a stable lower-case name for metrics. */
    public enum Reason {
        NO_CERTIFICATE("the client presented no certificate"),
        UNTRUSTED_CERTIFICATE("the client's certificate is not a client certificate of this federation's CA"),
        EXPIRED_CERTIFICATE("the client's certificate has expired or is not valid yet"),
        REVOKED_CERTIFICATE("the client's certificate is revoked, or the revocation list is unusable"),
        PEER_ALERT("the client ended the handshake with an alert (does it trust this server's certificate?)"),
        TLS_PARAMETERS("the client shares no TLS version or cipher suite with this server"),
        NOT_TLS("the client does not speak TLS"),
        TIMEOUT("the client did not complete the handshake in time"),
        ABANDONED("the client closed the connection during the handshake"),
        OTHER("the handshake failed");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String description() {
            return description;
        }
    }

    private final Clock clock;
    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);
    /** Peer address to its last line and the refusals since; eldest first (guarded by this). */
    private final Map<String, Peer> peers = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Peer> eldest) {
            return size() > MAX_PEERS;
        }
    };
    private Instant window = Instant.MIN;
    private int linesInWindow;
    private long unloggedInWindow;

    /** Refusals logged as they happen on the system clock. */
    public HandshakeRefusals() {
        this(Clock.systemUTC());
    }

    public HandshakeRefusals(Clock clock) {
        this.clock = clock;
        for (Reason r : Reason.values()) {
            counts.put(r, new LongAdder());
        }
    }

    /** The number of refusals so far by reason (every reason present, zeros included). */
    public Map<Reason, Long> snapshot() {
        Map<Reason, Long> out = new EnumMap<>(Reason.class);
        counts.forEach((r, n) -> out.put(r, n.sum()));
        return Collections.unmodifiableMap(out);
    }

    /** The number of refusals so far, all reasons together. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Counts a refused handshake with {@code remote} and logs it unless the limits say otherwise. */
    void refused(SocketAddress remote, HandshakeFailure failure) {
        counts.get(failure.reason()).increment();
        String address = remote instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort()
                : String.valueOf(remote);
        if (failure.reason() == Reason.ABANDONED) {
            LOG.debug("TLS handshake from {} abandoned: {}", address, failure.detail());
            return;
        }
        String host = remote instanceof InetSocketAddress inet ? inet.getHostString() : address;
        long unlogged;
        long earlier;
        synchronized (this) {
            Instant now = clock.instant();
            unlogged = rollWindow(now);
            Peer peer = peers.get(host);
            if (peer != null && now.isBefore(peer.lastLogged.plus(QUIET))) {
                peer.since++;
                earlier = -1;
            } else if (linesInWindow >= MAX_LINES_PER_MINUTE) {
                unloggedInWindow++;
                earlier = -1;
            } else {
                linesInWindow++;
                earlier = peer == null ? 0 : peer.since;
                peers.remove(host);
                peers.put(host, new Peer(now));
            }
        }
        if (unlogged > 0) {
            LOG.warn("Refused {} more TLS handshakes in the last minute without a line each (more than {} lines a"
                    + " minute); every refusal is counted by reason", unlogged, MAX_LINES_PER_MINUTE);
        }
        if (earlier >= 0) {
            LOG.warn("Refused a TLS handshake from {} ({}): {}{}: {}{}", address, failure.reason().label(),
                    failure.reason().description(), certificate(failure), failure.detail(), earlier == 0 ? ""
                            : "; " + earlier + " more refused from " + host + " since its last line");
        }
    }

    /**
     * Starts a new minute of lines when the last one is over, forgetting the peers logged before it that were not
     * refused since; returns what the last minute left unlogged.
     */
    private long rollWindow(Instant now) {
        if (window != Instant.MIN && now.isBefore(window.plus(QUIET))) {
            return 0;
        }
        long unlogged = unloggedInWindow;
        window = now;
        linesInWindow = 0;
        unloggedInWindow = 0;
        peers.values().removeIf(p -> p.since == 0 && !now.isBefore(p.lastLogged.plus(QUIET)));
        return unlogged;
    }

    /** The number of peer addresses remembered (tests). */
    synchronized int rememberedPeers() {
        return peers.size();
    }

    private static String certificate(HandshakeFailure f) {
        return f.hasCertificate() ? " (certificate subject '" + f.subject() + "', issuer '" + f.issuer() + "')" : "";
    }

    /** When a peer address was last logged, and how many refusals of it went unlogged since. */
    private static final class Peer {
        final Instant lastLogged;
        long since;

        Peer(Instant lastLogged) {
            this.lastLogged = lastLogged;
        }
    }
}
