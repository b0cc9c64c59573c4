package org.fl4j.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Makes a key pair and a certificate signing request for the aggregator or a collaborator. */
public final class CertificateRequests {

    /**
     * A key and CSR written to the workspace.
     *
     * @param sha384 the SHA-384 of the CSR's DER encoding, to compare out of band before signing
     */
    public record Request(String name, Path key, Path csr, String sha384) {
    }

    private CertificateRequests() {
    }

    /** {@code cert/server/agg_<fqdn>.{key,csr}}: CN and SAN (DNS, or IP for an IP literal) = fqdn. */
    public static Request forAggregator(PkiLayout layout, String fqdn, KeyType keyType, boolean replace) {
        return forAggregator(layout, fqdn, List.of(), keyType, replace);
    }

    /**
     * Like {@link #forAggregator(PkiLayout, String, KeyType, boolean)}, with further host names or IP
     * addresses the aggregator is reached by (each becomes a DNS or IP SAN).
     */
    public static Request forAggregator(PkiLayout layout, String fqdn, List<String> otherNames, KeyType keyType,
            boolean replace) {
        Identities.requireHostName(fqdn);
        otherNames.forEach(Identities::requireHostName);
        return generate(fqdn, otherNames, CertificateUsage.SERVER, layout.aggregatorKey(fqdn),
                layout.aggregatorCsr(fqdn), layout.aggregatorCert(fqdn), keyType, replace);
    }

    /** {@code cert/client/col_<name>.{key,csr}}: CN = name, EKU clientAuth. */
    public static Request forCollaborator(PkiLayout layout, String name, KeyType keyType, boolean replace) {
        Identities.requireCollaboratorName(name);
        return generate(name, List.of(), CertificateUsage.CLIENT, layout.collaboratorKey(name), layout.collaboratorCsr(name),
                layout.collaboratorCert(name), keyType, replace);
    }

    /** {@code cert/operator/op_<name>.{key,csr}}: CN = name, EKU clientAuth and fl4j's operator purpose. */
    public static Request forOperator(PkiLayout layout, String name, KeyType keyType, boolean replace) {
        Identities.requireCollaboratorName(name);
        return generate(name, List.of(), CertificateUsage.OPERATOR, layout.operatorKey(name), layout.operatorCsr(name),
                layout.operatorCert(name), keyType, replace);
    }

    /**
     * Writes {@code col_<name>_to_agg_cert_request.tar.gz} in the workspace folder, holding only the CSR
     * {@code col_<name>.csr}, and returns its path.
     */
    public static Path writeRequestPackage(PkiLayout layout, String name) {
        Identities.requireCollaboratorName(name);
        if (!Files.exists(layout.collaboratorCsr(name))) {
            throw new PkiException("no certificate signing request at " + layout.collaboratorCsr(name));
        }
        return RequestPackage.write(layout, name);
    }

    private static Request generate(String name, List<String> otherNames, CertificateUsage usage, Path keyFile, Path csrFile, Path certFile,
            KeyType keyType, boolean replace) {
        if (!replace && Files.exists(keyFile)) {
            throw new PkiException(keyFile + " already exists: a new request would replace the " + usage.role()
                    + "'s key; pass --force to do so");
        }
        KeyPair pair = keyType.generate();
        byte[] csr = Pem.encode(csr(name, otherNames, usage, pair));
        SecureFiles.writePrivate(keyFile, Pem.encodePrivateKey(pair.getPrivate()));
        SecureFiles.writePublic(csrFile, csr);
        try {
            // a certificate for the previous key would no longer match the new one
            Files.deleteIfExists(certFile);
        } catch (IOException e) {
            throw new PkiException("cannot remove the stale certificate " + certFile + ": " + e.getMessage(), e);
        }
        String hash = CsrCheck.sha384(new JcaPKCS10CertificationRequest(Pem.parseCsr(csr, csrFile.toString())));
        return new Request(name, keyFile, csrFile, hash);
    }

    static PKCS10CertificationRequest csr(String name, List<String> otherNames, CertificateUsage usage, KeyPair pair) {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(SubjectNames.cn(name), pair.getPublic());
            ExtensionsGenerator ext = new ExtensionsGenerator();
            if (usage == CertificateUsage.SERVER) {
                List<GeneralName> sans = new ArrayList<>();
                sans.add(SubjectNames.forHost(name));
                for (String other : otherNames) {
                    GeneralName n = SubjectNames.forHost(other);
                    if (!sans.contains(n)) {
                        sans.add(n);
                    }
                }
                ext.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            ext.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage.purposes()));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            return builder.build(new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(pair.getPrivate()))
                    .build(pair.getPrivate()));
        } catch (OperatorCreationException | IOException e) {
            throw new PkiException("cannot make the certificate signing request for " + name + ": " + e.getMessage(), e);
        }
    }
}
