package org.fl4j.protocol.rpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Objects;

/**
 * A refused or failed federation call, in fl4j's terms. The aggregator throws it to refuse a request (the
 * service turns it into a gRPC status with the message as description); the client throws it when a call
 * fails, classified so the collaborator knows whether to retry, drop a result or stop. Two kinds share a gRPC
 * code ({@code FAILED_PRECONDITION}); the server names the kind in the trailer {@value #KIND_TRAILER}, which
 * the client reads before falling back to the code.
 */
public final class FederationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The trailer naming the {@link Kind} of a refusal. */
    public static final String KIND_TRAILER = "fl4j-kind";
    static final Metadata.Key<String> KIND_KEY = Metadata.Key.of(KIND_TRAILER, Metadata.ASCII_STRING_MARSHALLER);

    /** Why a call failed. */
    public enum Kind {
        /** No usable identity: no client certificate, or a revoked one. */
        UNAUTHENTICATED(Status.Code.UNAUTHENTICATED),
        /** A known identity that may not do this: not in cols.yaml, header not matching the certificate. */
        PERMISSION_DENIED(Status.Code.PERMISSION_DENIED),
        /** The peers cannot work together: incompatible protocol versions. */
        INCOMPATIBLE(Status.Code.FAILED_PRECONDITION),
        /**
         * A resend of a result the aggregator refused earlier in the round: the task failed for this round;
         * do not run or send it again before the next round (since protocol 1.1).
         */
        TASK_FAILED(Status.Code.FAILED_PRECONDITION),
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

        /**
         * The code for a peer speaking {@code peer}: a 1.0 peer knows no {@link #TASK_FAILED} and would take
         * its code for {@link #INCOMPATIBLE}, so it gets {@code INVALID_ARGUMENT}, which it treats as a refused
         * result.
         */
        Status.Code codeFor(ProtocolVersion peer) {
            return this == TASK_FAILED && peer.major() == 1 && peer.minor() == 0 ? Status.Code.INVALID_ARGUMENT : code;
        }

        /** The kind a trailer names, when it is one whose code is {@code code}. */
        static Kind named(String name, Status.Code code) {
            for (Kind k : values()) {
                if (k.name().equals(name) && k.code == code) {
                    return k;
                }
            }
            return of(code);
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

    public static FederationException taskFailed(String message) {
        return new FederationException(Kind.TASK_FAILED, message);
    }

    /** The gRPC status (and the trailer naming the kind) a server sends for this refusal to a current peer. */
    StatusRuntimeException toStatus() {
        return toStatus(ProtocolVersion.CURRENT);
    }

    /** As {@link #toStatus()}, for a peer speaking {@code peer}. */
    StatusRuntimeException toStatus(ProtocolVersion peer) {
        Metadata trailers = new Metadata();
        trailers.put(KIND_KEY, kind.name());
        return Status.fromCode(kind.codeFor(peer)).withDescription(getMessage()).asRuntimeException(trailers);
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
        Metadata trailers = Status.trailersFromThrowable(t);
        String named = trailers == null ? null : trailers.get(KIND_KEY);
        Kind kind = named == null ? Kind.of(status.getCode()) : Kind.named(named, status.getCode());
        String prefix = switch (kind) {
            case UNAVAILABLE -> what + " failed (" + status.getCode() + "): ";
            default -> "the aggregator refused " + what + " (" + status.getCode() + "): ";
        };
        return new FederationException(kind, prefix + description, t);
    }
}
