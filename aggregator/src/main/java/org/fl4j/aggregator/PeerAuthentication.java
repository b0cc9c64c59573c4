package org.fl4j.aggregator;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.inprocess.AnonymousInProcessSocketAddress;
import io.grpc.inprocess.InProcessSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.PkiException;
import org.fl4j.pki.RevocationCheck;
import org.fl4j.protocol.rpc.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes who is calling before any message of the call is read: over mutual TLS, the CN of the verified
 * client certificate, which must not be revoked and must be in cols.yaml; over the in-process transport, a
 * caller in the same JVM. Refusals close the call at once with UNAUTHENTICATED (no usable certificate) or
 * PERMISSION_DENIED (a certificate of someone not in the federation), and log the CN and the reason. The
 * caller's {@link Peer} is passed to the service through the gRPC context.
 *
 * <p>Roles: a certificate with fl4j's operator purpose ({@link Certificates#isOperator}) may call only the
 * operator service ({@value #OPERATOR_SERVICE}) and is refused anywhere else, even when its CN is in cols.yaml;
 * any other certificate is a collaborator's and is refused by the operator service.
 */
public final class PeerAuthentication implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(PeerAuthentication.class);

    private final Set<String> collaborators;
    private final RevocationCheck revocation;
    private final boolean inProcess;
    private final CallListener listener;

    /** The gRPC service operators call (fx aggregator status). */
    public static final String OPERATOR_SERVICE = "fl4j.v1.Operations";

    private PeerAuthentication(Set<String> collaborators, RevocationCheck revocation, boolean inProcess,
            CallListener listener) {
        this.collaborators = Set.copyOf(collaborators);
        this.revocation = revocation;
        this.inProcess = inProcess;
        this.listener = listener;
    }

    /** The same checks, telling {@code newListener} about each call admitted or refused. */
    public PeerAuthentication withListener(CallListener newListener) {
        return new PeerAuthentication(collaborators, revocation, inProcess, newListener);
    }

    /** For a TLS server: identity from the client certificate, checked against cols.yaml and the CRL. */
    public static PeerAuthentication mutualTls(Set<String> collaborators, RevocationCheck revocation) {
        return new PeerAuthentication(collaborators, revocation, false, CallListener.NONE);
    }

    /**
     * For an in-process server: callers are trusted code in this JVM, named by their headers (the federation
     * still checks the name against cols.yaml). Calls over any other transport are refused.
     */
    public static PeerAuthentication inProcess(Set<String> collaborators) {
        return new PeerAuthentication(collaborators, RevocationCheck.none(), true, CallListener.NONE);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        boolean operatorCall = OPERATOR_SERVICE.equals(call.getMethodDescriptor().getServiceName());
        SocketAddress remoteAddress = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        Peer peer;
        String role;
        Object connection;
        if (inProcess) {
            SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            if (!(remote instanceof InProcessSocketAddress || remote instanceof AnonymousInProcessSocketAddress)) {
                return refuse(call, Status.UNAUTHENTICATED, method, "(unknown)", "no_tls",
                        "not an in-process call; the aggregator accepts only mutual TLS from " + remote);
            }
            peer = Peer.local();
            role = operatorCall ? "operator" : "collaborator";
            connection = remote;
        } else {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            if (session == null) {
                return refuse(call, Status.UNAUTHENTICATED, method, "(none)", "no_tls",
                        "no TLS session: the aggregator accepts only mutual TLS");
            }
            X509Certificate leaf;
            try {
                Certificate[] chain = session.getPeerCertificates();
                leaf = (X509Certificate) chain[0];
            } catch (SSLPeerUnverifiedException | ClassCastException | ArrayIndexOutOfBoundsException e) {
                return refuse(call, Status.UNAUTHENTICATED, method, "(none)", "no_certificate",
                        "no verified client certificate");
            }
            String cn;
            try {
                cn = Certificates.commonName(leaf);
            } catch (PkiException e) {
                return refuse(call, Status.UNAUTHENTICATED, method, "(none)", "no_certificate", e.getMessage());
            }
            if (revocation.isRevoked(leaf)) {
                String problem = revocation.problem();
                return refuse(call, Status.UNAUTHENTICATED, method, cn, "revoked", problem != null
                        ? "the revocation list is unusable (" + problem + ")"
                        : "certificate serial " + leaf.getSerialNumber().toString(16) + " is revoked");
            }
            boolean operator = Certificates.isOperator(leaf);
            if (operator && !operatorCall) {
                return refuse(call, Status.PERMISSION_DENIED, method, cn, "operator_as_collaborator",
                        "'" + cn + "' presented an operator certificate, which cannot act as a collaborator");
            }
            if (!operator && operatorCall) {
                return refuse(call, Status.PERMISSION_DENIED, method, cn, "not_an_operator",
                        "'" + cn + "' presented a collaborator certificate: the aggregator's status needs an"
                                + " operator certificate (fx pki operator)");
            }
            if (!operator && !collaborators.contains(cn)) {
                return refuse(call, Status.PERMISSION_DENIED, method, cn, "not_in_cols", "collaborator '" + cn
                        + "' is not in plan/cols.yaml");
            }
            try {
                peer = Peer.certified(cn, leaf.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                return refuse(call, Status.UNAUTHENTICATED, method, cn, "unencodable_certificate",
                        "its certificate cannot be encoded: " + e.getMessage());
            }
            role = operator ? "operator" : "collaborator";
            connection = session;
        }
        listener.admitted(peer.certifiedName().orElse("(in-process)"), role, method, remoteAddress, connection);
        return Contexts.interceptCall(Context.current().withValue(Peer.CONTEXT_KEY, peer), call, headers, next);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String method, String cn,
            String label, String reason) {
        LOG.warn("Refused {} from CN '{}': {}", method, cn, reason);
        listener.refused(cn, method, label, reason, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        call.close(status.withDescription(reason), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
