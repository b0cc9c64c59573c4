package org.fl4j.protocol.rpc;

import org.fl4j.protocol.v1.Header;

/**
 * Checks the header of a message received: protocol version first (naming both versions when the majors
 * differ), then receiver and federation id, then (where the receiver knows who must be talking) the sender.
 */
final class HeaderCheck {

    private final String self;
    private final String selfRole;
    private final String peerRole;
    private final String federationId;

    /**
     * @param self the name messages must be addressed to
     * @param selfRole "aggregator" or "collaborator", for messages
     * @param peerRole the other side's role, for messages
     */
    HeaderCheck(String self, String selfRole, String peerRole, String federationId) {
        this.self = self;
        this.selfRole = selfRole;
        this.peerRole = peerRole;
        this.federationId = federationId;
    }

    /** Checks everything but the sender; returns the sender the header claims. */
    String check(boolean hasHeader, Header h, String message) {
        if (!hasHeader) {
            throw FederationException.invalid(message + " has no header");
        }
        ProtocolVersion theirs = Codec.version(h);
        if (!theirs.compatibleWith(ProtocolVersion.CURRENT)) {
            throw new FederationException(FederationException.Kind.INCOMPATIBLE, "protocol version " + theirs + " of "
                    + peerRole + " '" + h.getSender() + "' is incompatible with version " + ProtocolVersion.CURRENT
                    + " of this " + selfRole + " (the major versions differ: upgrade one side)");
        }
        if (!federationId.equals(h.getFederationId())) {
            throw FederationException.denied(message + " header federation id '" + h.getFederationId()
                    + "' is not this federation's '" + federationId + "' (the sites hold different plans)");
        }
        if (!self.equals(h.getReceiver())) {
            throw FederationException.denied(message + " header receiver '" + h.getReceiver() + "' is not this "
                    + selfRole + " ('" + self + "')");
        }
        if (h.getSender().isEmpty()) {
            throw FederationException.invalid(message + " header sender must not be empty");
        }
        return h.getSender();
    }

    /** Checks everything including that {@code expectedSender} sent it. */
    void check(boolean hasHeader, Header h, String message, String expectedSender) {
        String sender = check(hasHeader, h, message);
        if (!expectedSender.equals(sender)) {
            throw FederationException.denied(message + " header sender '" + sender + "' is not the " + peerRole
                    + " '" + expectedSender + "'");
        }
    }
}
