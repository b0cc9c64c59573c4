package org.fl4j.secagg;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.Pem;
import org.fl4j.pki.PkiException;

/**
 * A collaborator's own identity: its name, its certificate and the certificate's private key, which signs its
 * round keys and its consistency signature.
 */
public record SiteIdentity(String name, X509Certificate certificate, PrivateKey privateKey) {

    public SiteIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        String cn = Certificates.commonName(certificate);
        if (!cn.equals(name)) {
            throw SecAggException.configuration("the certificate of '" + name + "' has CN '" + cn + "'");
        }
        if (!Certificates.matches(certificate, privateKey)) {
            throw SecAggException.configuration("the private key of '" + name + "' does not belong to its certificate");
        }
    }

    /** The identity in a collaborator's {@code cert/client/col_<name>.crt} and {@code .key}. */
    public static SiteIdentity fromFiles(String name, Path certificate, Path privateKey) {
        try {
            return new SiteIdentity(name, Pem.readCertificate(certificate), Pem.readPrivateKey(privateKey));
        } catch (PkiException e) {
            throw SecAggException.configuration("cannot read the identity of '" + name + "': " + e.getMessage());
        }
    }

    /** The certificate's DER encoding. */
    public byte[] certificateDer() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the certificate of " + name, e);
        }
    }
}
