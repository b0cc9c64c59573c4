package org.fl4j.protocol.rpc;

/**
 * The version of the fl4j wire protocol a peer speaks. Peers with the same major version understand each
 * other (a minor version only adds optional fields); a different major version is refused with a message
 * naming both.
 */
public record ProtocolVersion(int major, int minor) {

    /**
     * The version this build speaks: 1.2 added secure aggregation's messages, 1.3 the results an intermediate
     * aggregator forwards from below it ({@code ResultBegin.forwarded}).
     */
    public static final ProtocolVersion CURRENT = new ProtocolVersion(1, 3);

    public ProtocolVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("protocol version must not be negative, found " + major + "." + minor);
        }
    }

    public boolean compatibleWith(ProtocolVersion other) {
        return major == other.major;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
