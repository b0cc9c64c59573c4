package org.fl4j.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * What a signed certificate is for: the aggregator (TLS server), a collaborator (TLS client) or an operator
 * (a TLS client that may ask the aggregator for its status and may never act as a collaborator).
 */
public enum CertificateUsage {
    /** The aggregator: extended key usage serverAuth, and a DNS or IP SAN for host name verification. */
    SERVER("aggregator", KeyPurposeId.id_kp_serverAuth),
    /** A collaborator: extended key usage clientAuth; its CN is the collaborator name. */
    CLIENT("collaborator", KeyPurposeId.id_kp_clientAuth),
    /**
     * An operator: extended key usages clientAuth (so TLS accepts it as a client) and fl4j's operator purpose
     * {@link #OPERATOR_PURPOSE}, which the aggregator reads as the operator role.
     */
    OPERATOR("operator", KeyPurposeId.id_kp_clientAuth, KeyPurposeId.getInstance(
            new ASN1ObjectIdentifier(CertificateUsage.OPERATOR_OID)));

    /**
     * fl4j's extended key usage for operators: an OID under the {@code 2.25} arc (ITU-T X.667, a UUID as an
     * integer), which needs no registration and collides with nobody's.
     */
    public static final String OPERATOR_OID = "2.25.103144501699792646768603131992715392120";

    private final String role;
    private final KeyPurposeId[] purposes;

    CertificateUsage(String role, KeyPurposeId... purposes) {
        this.role = role;
        this.purposes = purposes;
    }

    KeyPurposeId[] purposes() {
        return purposes.clone();
    }

    /** "aggregator", "collaborator" or "operator". */
    public String role() {
        return role;
    }
}
