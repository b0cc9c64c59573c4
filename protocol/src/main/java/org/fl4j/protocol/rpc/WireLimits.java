package org.fl4j.protocol.rpc;

/**
 * Sizes on the wire: models and results travel as chunks of at most {@code chunkBytes}; no transfer may
 * hold more than {@code maxModelBytes} of tensor data (the plan's {@code network.settings.max_model_mb}).
 */
public record WireLimits(int chunkBytes, long maxModelBytes) {

    /** 1 MiB chunks, 1 GiB models. */
    public static final WireLimits DEFAULT = new WireLimits(1 << 20, 1L << 30);

    /** Room for the header and framing of a chunk message on top of its data. */
    static final int MESSAGE_OVERHEAD = 64 * 1024;

    public WireLimits {
        if (chunkBytes < 4 || chunkBytes % 4 != 0 || chunkBytes > (64 << 20)) {
            throw new IllegalArgumentException(
                    "chunk size must be a multiple of 4 bytes between 4 B and 64 MiB, found " + chunkBytes);
        }
        if (maxModelBytes < 1) {
            throw new IllegalArgumentException("maximum model size must be > 0, found " + maxModelBytes);
        }
    }

    /** The largest gRPC message either side accepts: one chunk plus header room. */
    public int maxMessageBytes() {
        return chunkBytes + MESSAGE_OVERHEAD;
    }
}
