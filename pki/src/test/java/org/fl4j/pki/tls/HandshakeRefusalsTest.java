package org.fl4j.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.netty.shaded.io.netty.handler.ssl.NotSslRecordException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.fl4j.pki.tls.HandshakeRefusals.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Counting and rate-limited logging of refused handshakes, on a clock the test moves. */
class HandshakeRefusalsTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(HandshakeRefusals.class);
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final HandshakeRefusals refusals = new HandshakeRefusals(new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    });

    HandshakeRefusalsTest() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    private static InetSocketAddress peer(int n, int port) {
        return new InetSocketAddress("10.0." + (n / 250) + "." + (n % 250 + 1), port);
    }

    private static HandshakeFailure noCertificate() {
        return HandshakeFailure.of(new SSLHandshakeException("error:100000c0:SSL routines:OPENSSL_internal:"
                + "PEER_DID_NOT_RETURN_A_CERTIFICATE"));
    }

    @Test
    void refused_samePeerWithinAMinute_countedEachTimeLoggedOnce_thenAgainWithHowManyWentUnlogged() {
        refusals.refused(peer(0, 40001), noCertificate());
        now = now.plusSeconds(59);
        refusals.refused(peer(0, 40002), noCertificate());
        refusals.refused(peer(0, 40003), noCertificate());
        now = now.plusSeconds(1);
        refusals.refused(peer(0, 40004), noCertificate());

        assertThat(refusals.snapshot()).containsEntry(Reason.NO_CERTIFICATE, 4L);
        assertThat(refusals.total()).isEqualTo(4);
        assertThat(lines()).containsExactly(
                "WARN Refused a TLS handshake from 10.0.0.1:40001 (no_certificate): the client presented no"
                        + " certificate: error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE",
                "WARN Refused a TLS handshake from 10.0.0.1:40004 (no_certificate): the client presented no"
                        + " certificate: error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE;"
                        + " 2 more refused from 10.0.0.1 since its last line");
    }

    @Test
    void refused_floodFromManyPeers_atMostTheLineLimitAMinuteThenOneSummary() {
        int peers = 5000;
        for (int i = 0; i < peers; i++) {
            refusals.refused(peer(i, 50000), noCertificate());
        }
        assertThat(lines()).hasSize(HandshakeRefusals.MAX_LINES_PER_MINUTE);

        now = now.plus(HandshakeRefusals.QUIET);
        refusals.refused(peer(peers, 50000), noCertificate());

        assertThat(refusals.total()).isEqualTo(peers + 1);
        assertThat(lines()).hasSize(HandshakeRefusals.MAX_LINES_PER_MINUTE + 2);
        assertThat(lines().get(HandshakeRefusals.MAX_LINES_PER_MINUTE)).isEqualTo("WARN Refused "
                + (peers - HandshakeRefusals.MAX_LINES_PER_MINUTE) + " more TLS handshakes in the last minute without"
                + " a line each (more than 20 lines a minute); every refusal is counted by reason");
    }

    @Test
    void refused_peersLoggedOverMinutes_onlyTheLastMinutesRemembered() {
        for (int i = 0; i < 3 * HandshakeRefusals.MAX_LINES_PER_MINUTE; i++) {
            now = now.plusSeconds(20);
            refusals.refused(peer(i, 50000), noCertificate());
        }
        assertThat(lines()).hasSize(3 * HandshakeRefusals.MAX_LINES_PER_MINUTE);
        assertThat(refusals.rememberedPeers()).as("those of the last two minutes at most").isLessThanOrEqualTo(6);

        now = now.plus(HandshakeRefusals.QUIET);
        refusals.refused(peer(0, 50001), noCertificate());

        assertThat(refusals.rememberedPeers()).isEqualTo(1);
    }

    @Test
    void refused_abandonedHandshake_countedNotWarned() {
        refusals.refused(peer(0, 1), HandshakeFailure.of(new ClosedChannelException()));

        assertThat(refusals.snapshot()).containsEntry(Reason.ABANDONED, 1L);
        assertThat(lines()).isEmpty();
    }

    @Test
    void of_failuresOfBothEngines_classified() {
        assertThat(HandshakeFailure.of(new SSLHandshakeException("Empty client certificate chain")).reason())
                .isEqualTo(Reason.NO_CERTIFICATE);
        assertThat(HandshakeFailure.of(new SSLHandshakeException("Received fatal alert: certificate_unknown"))
                .reason()).isEqualTo(Reason.PEER_ALERT);
        assertThat(HandshakeFailure.of(new SSLHandshakeException("error:10000416:SSL routines:OPENSSL_internal:"
                + "SSLV3_ALERT_CERTIFICATE_UNKNOWN")).reason()).isEqualTo(Reason.PEER_ALERT);
        assertThat(HandshakeFailure.of(new SSLHandshakeException("error:100000f0:SSL routines:OPENSSL_internal:"
                + "UNSUPPORTED_PROTOCOL")).reason()).isEqualTo(Reason.TLS_PARAMETERS);
        assertThat(HandshakeFailure.of(new NotSslRecordException("not an SSL/TLS record")).reason())
                .isEqualTo(Reason.NOT_TLS);
        assertThat(HandshakeFailure.of(new SslHandshakeTimeoutException("handshake timed out after 10000ms"))
                .reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(HandshakeFailure.of(new SSLException("SSLEngine closed already")).reason())
                .isEqualTo(Reason.ABANDONED);
        assertThat(HandshakeFailure.of(new SSLHandshakeException("something new")).reason()).isEqualTo(Reason.OTHER);
    }
}
