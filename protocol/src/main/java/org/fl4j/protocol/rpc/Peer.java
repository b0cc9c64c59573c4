package org.fl4j.protocol.rpc;

import io.grpc.Context;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as the transport proved it: the CN of a verified client certificate, or a caller in the
 * same JVM (the in-process transport, whose callers are trusted by construction and named by their header).
 * A server interceptor puts it into the gRPC {@link Context} under {@link #CONTEXT_KEY} before any message is
 * read; calls without it are refused. A certified caller also carries its certificate (DER), which secure
 * aggregation relays to the caller's peers with its keys.
 *
 * @param certificateDer the verified client certificate, DER-encoded; empty for a local caller or when the
 *                       authenticating code did not keep it
 */
public record Peer(Optional<String> certifiedName, Optional<byte[]> certificateDer) {

    /** Where the authenticating interceptor leaves the caller for the service. */
    public static final Context.Key<Peer> CONTEXT_KEY = Context.key("fl4j-peer");

    public Peer {
        Objects.requireNonNull(certifiedName, "certifiedName");
        Objects.requireNonNull(certificateDer, "certificateDer");
        certificateDer = certificateDer.map(byte[]::clone);
    }

    /** A caller whose certificate proved this name. */
    public static Peer certified(String commonName) {
        return new Peer(Optional.of(commonName), Optional.empty());
    }

    /** A caller whose certificate (DER) proved this name. */
    public static Peer certified(String commonName, byte[] certificateDer) {
        return new Peer(Optional.of(commonName), Optional.of(certificateDer));
    }

    /** A caller in the same JVM. */
    public static Peer local() {
        return new Peer(Optional.empty(), Optional.empty());
    }

    @Override
    public Optional<byte[]> certificateDer() {
        return certificateDer.map(byte[]::clone);
    }

    /**
     * The caller's name given the sender its header claims: the certificate's CN, which the header must
     * equal, or for a local caller the header's sender.
     */
    String resolve(String headerSender) {
        if (certifiedName.isEmpty()) {
            return headerSender;
        }
        String cn = certifiedName.get();
        if (!cn.equals(headerSender)) {
            throw FederationException.denied("header sender '" + headerSender
                    + "' does not match the client certificate's CN '" + cn + "'");
        }
        return cn;
    }

    @Override
    public String toString() {
        return certifiedName.map(n -> "CN '" + n + "'").orElse("in-process caller");
    }
}
