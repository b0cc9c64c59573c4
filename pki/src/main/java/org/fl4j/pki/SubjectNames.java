package org.fl4j.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;

/** Distinguished names and SANs fl4j puts into requests and certificates. */
final class SubjectNames {

    private SubjectNames() {
    }

    static X500Name cn(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    static X500Name ca(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "fl4j").addRDN(BCStyle.CN, commonName).build();
    }

    /** An IP SAN for an IP literal, a DNS SAN otherwise. */
    static GeneralName forHost(String host) {
        return Identities.isIpLiteral(host)
                ? new GeneralName(GeneralName.iPAddress, host)
                : new GeneralName(GeneralName.dNSName, host);
    }
}
