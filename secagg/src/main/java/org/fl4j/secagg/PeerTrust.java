package org.fl4j.secagg;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.Pem;
import org.fl4j.pki.PkiException;

/**
 * Checks the certificates relayed with collaborators' keys, as every site can on its own: the certificate chains
 * (PKIX, signatures, validity dates at the injected clock's time, CA constraints) through the federation's
 * signing CA to its root, the one every site holds in {@code cert/cert_chain.crt}; it is a collaborator
 * certificate (not a CA, clientAuth extended key usage, digitalSignature key usage); and its single CN is the
 * name it is relayed for. Revocation is not checked here: a site holds no CRL; the aggregator refuses revoked
 * collaborators at the TLS handshake, which is what keeps them out of a round (docs/security.md).
 *
 * <p>A certificate that passed is remembered (by the SHA-256 of its DER) until it expires, so a site checks each
 * peer certificate once. Thread-safe.
 */
public final class PeerTrust {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate root;
    private final List<X509Certificate> intermediates;
    private final Clock clock;
    private final Map<String, X509Certificate> checked = new ConcurrentHashMap<>();

    private PeerTrust(X509Certificate root, List<X509Certificate> intermediates, Clock clock) {
        this.root = root;
        this.intermediates = intermediates;
        this.clock = clock;
    }

    /** Trust anchored at the single self-signed certificate of {@code chain}; the others complete paths. */
    public static PeerTrust of(List<X509Certificate> chain, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        List<X509Certificate> roots = chain.stream().filter(PeerTrust::selfSigned).toList();
        if (roots.size() != 1) {
            throw SecAggException.configuration("the trusted chain must hold exactly one root CA certificate, found "
                    + roots.size());
        }
        List<X509Certificate> others = chain.stream().filter(c -> !selfSigned(c)).toList();
        return new PeerTrust(roots.get(0), others, clock);
    }

    /** Trust from a site's {@code cert/cert_chain.crt} (signing CA and root CA, PEM). */
    public static PeerTrust fromFile(Path certChain, Clock clock) {
        try {
            return of(Pem.readCertificates(certChain), clock);
        } catch (PkiException e) {
            throw SecAggException.configuration("cannot read the trusted chain " + certChain + ": " + e.getMessage());
        }
    }

    /**
     * The certificate of collaborator {@code name}, from its DER encoding, after every check.
     *
     * @throws SecAggException (REFUSED) saying which check failed
     */
    public X509Certificate collaborator(byte[] der, String name) {
        String digest = sha256(der);
        X509Certificate known = checked.get(digest);
        Date now = Date.from(clock.instant());
        if (known != null && !now.after(known.getNotAfter())) {
            requireName(known, name);
            return known;
        }
        X509Certificate cert = parse(der, name);
        validate(cert, name, now);
        requireName(cert, name);
        checked.put(digest, cert);
        return cert;
    }

    private void validate(X509Certificate cert, String name, Date now) {
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(cert);
            X509Certificate current = cert;
            while (!current.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
                X509Certificate issuer = issuerOf(current);
                if (issuer == null || path.size() > 4) {
                    throw refused("the certificate relayed for '" + name + "' was issued by "
                            + current.getIssuerX500Principal() + ", not by the federation's CA: it comes from"
                            + " another CA");
                }
                path.add(issuer);
                current = issuer;
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            params.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (GeneralSecurityException e) {
            throw refused("the certificate relayed for '" + name + "' does not chain to the federation's root CA "
                    + root.getSubjectX500Principal() + ": " + e.getMessage());
        }
        try {
            List<String> usages = cert.getExtendedKeyUsage();
            boolean[] keyUsage = cert.getKeyUsage();
            if (cert.getBasicConstraints() >= 0 || usages == null || !usages.contains(CLIENT_AUTH)
                    || keyUsage == null || !keyUsage[0]) {
                throw refused("the certificate relayed for '" + name + "' is not a collaborator certificate (it must"
                        + " be a non-CA certificate for clientAuth and digitalSignature)");
            }
        } catch (CertificateException e) {
            throw refused("the certificate relayed for '" + name + "' has unreadable key usages: " + e.getMessage());
        }
    }

    private static void requireName(X509Certificate cert, String name) {
        String cn;
        try {
            cn = Certificates.commonName(cert);
        } catch (PkiException e) {
            throw refused("the certificate relayed for '" + name + "': " + e.getMessage());
        }
        if (!cn.equals(name)) {
            throw refused("the certificate relayed for '" + name + "' belongs to '" + cn + "' (its CN)");
        }
    }

    private X509Certificate issuerOf(X509Certificate cert) {
        for (X509Certificate c : intermediates) {
            if (c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && !c.equals(cert)) {
                return c;
            }
        }
        return null;
    }

    private static X509Certificate parse(byte[] der, String name) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw refused("the certificate relayed for '" + name + "' is not a DER X.509 certificate: "
                    + e.getMessage());
        }
    }

    private static boolean selfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static SecAggException refused(String message) {
        return new SecAggException(SecAggException.Kind.REFUSED, message);
    }
}
