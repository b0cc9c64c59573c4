package org.fl4j.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Crafted CSRs for the refusal tests. */
final class CsrFixtures {

    private CsrFixtures() {
    }

    /** The same CSR with its subject changed after signing (signature no longer verifies), as PEM. */
    static byte[] tamper(byte[] csrPem) throws IOException {
        PKCS10CertificationRequest csr = Pem.parseCsr(csrPem, "csr");
        CertificationRequest asn = csr.toASN1Structure();
        CertificationRequestInfo info = asn.getCertificationRequestInfo();
        CertificationRequestInfo forged = new CertificationRequestInfo(new X500Name("CN=" + Certificates.commonName(
                csr.getSubject()) + ",O=forged"), info.getSubjectPublicKeyInfo(), info.getAttributes());
        CertificationRequest out = new CertificationRequest(forged, asn.getSignatureAlgorithm(), asn.getSignature());
        return Pem.encode(new PKCS10CertificationRequest(out));
    }

    static String text(byte[] pem) {
        return new String(pem, StandardCharsets.US_ASCII);
    }
}
