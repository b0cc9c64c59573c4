package org.fl4j.pki.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.Pem;
import org.fl4j.pki.PkiException;
import org.fl4j.pki.RevocationCheck;

/** The loaded and cross-checked content of {@link TlsFiles}. */
record TlsMaterial(PrivateKey key, List<X509Certificate> keyChain, List<X509Certificate> anchors,
        List<X509Certificate> intermediates, RevocationCheck revocation) {

    static TlsMaterial load(TlsFiles files) {
        List<X509Certificate> own = Pem.readCertificates(files.certificate());
        PrivateKey key = Pem.readPrivateKey(files.privateKey());
        if (!Certificates.matches(own.get(0), key)) {
            throw new PkiException(files.privateKey() + " does not match the certificate " + files.certificate());
        }
        List<X509Certificate> anchors = new ArrayList<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (X509Certificate c : Pem.readCertificates(files.trustedChain())) {
            if (isSelfSigned(c)) {
                anchors.add(c);
            } else {
                intermediates.add(c);
            }
        }
        if (anchors.isEmpty()) {
            throw new PkiException(files.trustedChain() + " holds no root CA certificate to trust");
        }
        // Send the leaf with the intermediates that issued it, so a peer holding only the root can build the path.
        List<X509Certificate> keyChain = new ArrayList<>(own);
        boolean extended = true;
        while (extended) {
            extended = false;
            X509Certificate last = keyChain.get(keyChain.size() - 1);
            for (X509Certificate c : intermediates) {
                if (!keyChain.contains(c) && c.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                    keyChain.add(c);
                    extended = true;
                    break;
                }
            }
        }
        List<X509Certificate> issuers = new ArrayList<>(intermediates);
        issuers.addAll(anchors);
        RevocationCheck revocation = files.crl() == null
                ? RevocationCheck.none()
                : RevocationCheck.fromFile(files.crl(), issuers);
        return new TlsMaterial(key, List.copyOf(keyChain), List.copyOf(anchors), List.copyOf(intermediates), revocation);
    }

    private static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
