package org.fl4j.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validates that a certificate chains, through the given intermediates, to one root (PKIX, dates included). */
final class ChainCheck {

    private ChainCheck() {
    }

    /** The chain's single self-signed root; refuses a chain without exactly one. */
    static X509Certificate root(List<X509Certificate> chain, String source) {
        List<X509Certificate> roots = chain.stream().filter(Certificates::isSelfSigned).toList();
        if (roots.size() != 1) {
            throw new PkiException(source + " must hold exactly one root CA certificate, found " + roots.size());
        }
        return roots.get(0);
    }

    /** Refuses, saying why, when {@code leaf} does not chain to {@code root} through {@code intermediates}. */
    static void verify(X509Certificate leaf, List<X509Certificate> intermediates, X509Certificate root, String what) {
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            X509Certificate current = leaf;
            while (!current.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
                X509Certificate issuer = issuerOf(current, intermediates);
                if (issuer == null || path.size() > 8) {
                    throw new PkiException(what + " was issued by " + current.getIssuerX500Principal()
                            + ", which is not in the chain of root " + root.getSubjectX500Principal()
                            + ": it comes from another CA");
                }
                path.add(issuer);
                current = issuer;
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            throw new PkiException(what + " does not chain to the root CA " + root.getSubjectX500Principal()
                    + ": " + e.getMessage() + " (it comes from another CA, or the chain is damaged)", e);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot check the chain of " + what + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate issuerOf(X509Certificate cert, List<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && !c.equals(cert)) {
                return c;
            }
        }
        return null;
    }
}
