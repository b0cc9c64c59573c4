package org.fl4j.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** What a signed certificate is for: the aggregator (TLS server) or a collaborator (TLS client). */
public enum CertificateUsage {
    /** The aggregator: extended key usage serverAuth, and a DNS or IP SAN for host name verification. */
    SERVER(KeyPurposeId.id_kp_serverAuth, "aggregator"),
    /** A collaborator: extended key usage clientAuth; its CN is the collaborator name. */
    CLIENT(KeyPurposeId.id_kp_clientAuth, "collaborator");

    private final KeyPurposeId purpose;
    private final String role;

    CertificateUsage(KeyPurposeId purpose, String role) {
        this.purpose = purpose;
        this.role = role;
    }

    KeyPurposeId purpose() {
        return purpose;
    }

    /** "aggregator" or "collaborator". */
    public String role() {
        return role;
    }
}
