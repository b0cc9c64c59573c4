package org.fl4j.protocol.openfl;

import org.fl4j.protocol.openfl.wire.MessageHeader;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.Peer;

/**
 * Checks the header of an OpenFL request against the caller the transport proved and against this federation,
 * and writes the header of every reply. A header that does not fit is refused with UNAUTHENTICATED, the one
 * status on which OpenFL's collaborators stop instead of retrying, with a message naming the field, what it
 * holds and what was expected. OpenFL's single-collaborator-certificate test mode (one certificate shared by
 * every collaborator) is refused: fl4j names a collaborator by its own certificate.
 */
final class OpenFlHeaders {

    private final OpenFlIdentity identity;

    OpenFlHeaders(OpenFlIdentity identity) {
        this.identity = identity;
    }

    /** The caller's verified name, after checking the header of one of its messages. */
    String admit(Peer peer, boolean hasHeader, MessageHeader h, String message) {
        if (peer == null) {
            throw unauthenticated("the caller is not authenticated (no client certificate was verified)");
        }
        if (!hasHeader) {
            throw unauthenticated(message + " has no header");
        }
        if (!identity.federationUuid().equals(h.getFederationUuid())) {
            throw unauthenticated(message + " header federation_uuid '" + h.getFederationUuid()
                    + "' is not this federation's '" + identity.federationUuid()
                    + "' (the sites hold different plans)");
        }
        if (!identity.aggregatorUuid().equals(h.getReceiver())) {
            throw unauthenticated(message + " header receiver '" + h.getReceiver() + "' is not this aggregator ('"
                    + identity.aggregatorUuid() + "')");
        }
        if (!h.getSingleColCertCommonName().isEmpty()) {
            throw unauthenticated(message + " header single_col_cert_common_name is '" + h.getSingleColCertCommonName()
                    + "': OpenFL's single-collaborator-certificate mode is not supported (each collaborator needs"
                    + " its own certificate)");
        }
        String sender = h.getSender();
        if (sender.isEmpty()) {
            throw unauthenticated(message + " header sender must not be empty");
        }
        if (peer.certifiedName().isPresent() && !peer.certifiedName().get().equals(sender)) {
            throw unauthenticated(message + " header sender '" + sender
                    + "' does not match the client certificate's CN '" + peer.certifiedName().get() + "'");
        }
        return sender;
    }

    MessageHeader reply(String collaborator) {
        return MessageHeader.newBuilder()
                .setSender(identity.aggregatorUuid())
                .setReceiver(collaborator)
                .setFederationUuid(identity.federationUuid())
                .setSingleColCertCommonName("")
                .build();
    }

    private static FederationException unauthenticated(String message) {
        return new FederationException(FederationException.Kind.UNAUTHENTICATED, message);
    }
}
