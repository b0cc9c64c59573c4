package org.fl4j.pki;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Everything a CSR must pass before the CA signs it: its self-signature, the expected common name, an
 * acceptable key, and SANs of the kinds fl4j uses (DNS names and IP addresses).
 */
final class CsrCheck {

    /** A request that passed every check: what the certificate will say. */
    record Checked(X500Name subject, String commonName, PublicKey publicKey, GeneralNames sans, String sha384) {
    }

    private CsrCheck() {
    }

    /**
     * @param expectedName the name the CN must equal
     * @param nameSource where the expected name comes from, for the message ("the package name")
     */
    static Checked check(JcaPKCS10CertificationRequest csr, CertificateUsage usage, String expectedName,
            String nameSource) {
        PublicKey key;
        try {
            key = csr.setProvider(Bc.PROVIDER).getPublicKey();
            var verifier = new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER)
                    .build(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(verifier)) {
                throw new PkiException("the CSR's signature does not verify: it was altered after it was made"
                        + " (tampered) or is corrupt; refusing to sign it");
            }
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new PkiException("the CSR's signature cannot be checked (" + e.getMessage() + "); refusing to sign it", e);
        }
        requireAcceptableKey(key);
        String cn = Certificates.commonName(csr.getSubject());
        if (!cn.equals(expectedName)) {
            throw new PkiException("the CSR's common name '" + cn + "' differs from " + nameSource + " '"
                    + expectedName + "'; refusing to sign it");
        }
        return new Checked(SubjectNames.cn(cn), cn, key, sans(csr, usage, cn), sha384(csr));
    }

    static String sha384(JcaPKCS10CertificationRequest csr) {
        try {
            return Certificates.sha384(csr.getEncoded());
        } catch (java.io.IOException e) {
            throw new PkiException("cannot encode the CSR", e);
        }
    }

    private static void requireAcceptableKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new PkiException("the CSR's RSA key has " + rsa.getModulus().bitLength()
                        + " bits; at least 2048 are required");
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits < 256) {
                throw new PkiException("the CSR's EC key is on a " + bits + "-bit curve; P-256 or larger is required");
            }
        } else {
            throw new PkiException("the CSR's key algorithm " + key.getAlgorithm() + " is not supported: use EC or RSA");
        }
    }

    /** The requested DNS/IP SANs; a server certificate always names its CN too. */
    private static GeneralNames sans(JcaPKCS10CertificationRequest csr, CertificateUsage usage, String cn) {
        List<GeneralName> names = new ArrayList<>();
        for (Attribute attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : attr.getAttributeValues()) {
                GeneralNames requested = GeneralNames.fromExtensions(Extensions.getInstance(value),
                        Extension.subjectAlternativeName);
                if (requested == null) {
                    continue;
                }
                for (GeneralName n : requested.getNames()) {
                    if (n.getTagNo() != GeneralName.dNSName && n.getTagNo() != GeneralName.iPAddress) {
                        throw new PkiException("the CSR asks for a subject alternative name of an unsupported kind ("
                                + n + "): only DNS names and IP addresses are signed");
                    }
                    if (!names.contains(n)) {
                        names.add(n);
                    }
                }
            }
        }
        if (usage == CertificateUsage.SERVER) {
            GeneralName own = SubjectNames.forHost(cn);
            if (!names.contains(own)) {
                names.add(0, own);
            }
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
