/**
 * TLS material for gRPC over Netty, built from the workspace's PKI files: server and client
 * {@code SslContext}s with TLS 1.3 by default, client authentication required on the server, trust limited
 * to the root CA in the workspace's chain, and a trust manager that refuses revoked certificates during the
 * handshake (the CRL is re-read when it changes). A server counts the handshakes it refuses by reason and logs
 * them, at most once a minute per peer address ({@link org.fl4j.pki.tls.HandshakeRefusals}).
 */
package org.fl4j.pki.tls;
