package org.fl4j.protocol.rpc;

/**
 * The aggregator's receipt for a task result. {@code duplicate} is true only when it already held this result
 * (a resend after a lost acknowledgement): the result then counted once. A resend of a refused result gets
 * no receipt but a {@link FederationException.Kind#TASK_FAILED} refusal.
 */
public record UploadAck(long round, String task, boolean duplicate) {
}
