package org.fl4j.protocol.rpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Objects;

/**
 * A refused or failed federation call, in fl4j's terms. The aggregator throws it to refuse a request (the
 * service turns it into a gRPC status with the message as description); the client throws it when a call
 * fails, classified so the collaborator knows whether to retry, drop a result or stop.
 */
public final class FederationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a call failed. */
    public enum Kind {
        /** No usable identity: no client certificate, or a revoked one. */
        UNAUTHENTICATED(Status.Code.UNAUTHENTICATED),
        /** A known identity that may not do this: not in cols.yaml, header not matching the certificate. */
        PERMISSION_DENIED(Status.Code.PERMISSION_DENIED),
        /** The peers cannot work together: incompatible protocol versions. */
        INCOMPATIBLE(Status.Code.FAILED_PRECONDITION),
        /** The request is for a round that is over: drop it and ask for tasks again. */
        STALE(Status.Code.ABORTED),
        /** The request is malformed or does not fit the federation (shapes, names, values, rounds). */
        INVALID(Status.Code.INVALID_ARGUMENT),
        /** The transfer is larger than the configured maximum. */
        TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED),
        /** The peer cannot be reached right now: retry with backoff. */
        UNAVAILABLE(Status.Code.UNAVAILABLE),
        /** Anything else. */
        INTERNAL(Status.Code.INTERNAL);

        private final Status.Code code;

        Kind(Status.Code code) {
            this.code = code;
        }

        public Status.Code code() {
            return code;
        }

        static Kind of(Status.Code code) {
            return switch (code) {
                case UNAUTHENTICATED -> UNAUTHENTICATED;
                case PERMISSION_DENIED -> PERMISSION_DENIED;
                case FAILED_PRECONDITION -> INCOMPATIBLE;
                case ABORTED -> STALE;
                case INVALID_ARGUMENT, OUT_OF_RANGE, ALREADY_EXISTS -> INVALID;
                case RESOURCE_EXHAUSTED -> TOO_LARGE;
                case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> UNAVAILABLE;
                default -> INTERNAL;
            };
        }
    }

    private final Kind kind;

    public FederationException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public FederationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    /** True when the same call may succeed later (the peer was unreachable or slow). */
    public boolean retryable() {
        return kind == Kind.UNAVAILABLE;
    }

    public static FederationException invalid(String message) {
        return new FederationException(Kind.INVALID, message);
    }

    public static FederationException denied(String message) {
        return new FederationException(Kind.PERMISSION_DENIED, message);
    }

    public static FederationException stale(String message) {
        return new FederationException(Kind.STALE, message);
    }

    /** The gRPC status a server sends for this refusal. */
    StatusRuntimeException toStatus() {
        return Status.fromCode(kind.code()).withDescription(getMessage()).asRuntimeException();
    }

    /** A failed call as seen by the client; {@code what} names the call. */
    static FederationException fromStatus(String what, Throwable t) {
        Status status = Status.fromThrowable(t);
        String description = status.getDescription() != null ? status.getDescription() : status.getCode().name();
        Throwable cause = status.getCause();
        while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (cause != null && cause.getMessage() != null && !description.contains(cause.getMessage())) {
            description += " (" + cause.getMessage() + ")";
        }
        Kind kind = Kind.of(status.getCode());
        String prefix = switch (kind) {
            case UNAVAILABLE -> what + " failed (" + status.getCode() + "): ";
            default -> "the aggregator refused " + what + " (" + status.getCode() + "): ";
        };
        return new FederationException(kind, prefix + description, t);
    }
}
