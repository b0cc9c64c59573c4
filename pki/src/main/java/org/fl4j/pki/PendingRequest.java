package org.fl4j.pki;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A CSR that passed every check and waits for the user's confirmation before {@link CertificateIssuer#issue}
 * signs it.
 *
 * @param name the collaborator name or the aggregator's host name (the certificate's CN)
 * @param usage what the certificate is for
 * @param sha384 the SHA-384 of the CSR, to compare with the one printed where it was made
 * @param source where the CSR came from (a file, or package!entry)
 * @param fromPackage whether it came from a request package (then a signed package is written too)
 * @param replaces the current, unrevoked certificate for the name that signing will revoke (with
 *     {@code --force}), or null
 */
public record PendingRequest(String name, CertificateUsage usage, String sha384, String source,
        boolean fromPackage, X509Certificate replaces, byte[] csrPem) {

    /** Where the signed certificate goes. */
    Path certificateFile(PkiLayout layout) {
        return switch (usage) {
            case SERVER -> layout.aggregatorCert(name);
            case CLIENT -> layout.collaboratorCert(name);
            case OPERATOR -> layout.operatorCert(name);
        };
    }
}
