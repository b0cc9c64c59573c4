package org.fl4j.protocol.rpc;

/**
 * The aggregator's receipt for a task result. {@code duplicate} is true when it already held this result
 * (a resend after a lost acknowledgement): the result then counted once.
 */
public record UploadAck(long round, String task, boolean duplicate) {
}
