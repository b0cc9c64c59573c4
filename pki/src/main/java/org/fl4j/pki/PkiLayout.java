package org.fl4j.pki;

import java.nio.file.Path;

/**
 * Where the PKI files of a workspace live (OpenFL's layout):
 *
 * <pre>
 * cert/ca/root-ca.{crt,key}        root CA (signs only the signing CA)
 * cert/ca/signing-ca.{crt,key}     signing CA (signs aggregator and collaborator certificates)
 * cert/ca/signing-ca.crl           revocation list signed by the signing CA
 * cert/cert_chain.crt              signing CA + root CA, the trust material every site holds
 * cert/server/agg_&lt;fqdn&gt;.{key,csr,crt}
 * cert/client/col_&lt;name&gt;.{key,csr,crt}
 * cert/operator/op_&lt;name&gt;.{key,csr,crt}   operators (fx aggregator status)
 * </pre>
 *
 * @param workspace the workspace folder
 */
public record PkiLayout(Path workspace) {

    public PkiLayout {
        workspace = workspace.toAbsolutePath().normalize();
    }

    public static PkiLayout of(Path workspace) {
        return new PkiLayout(workspace);
    }

    public Path certDir() {
        return workspace.resolve("cert");
    }

    public Path caDir() {
        return certDir().resolve("ca");
    }

    public Path serverDir() {
        return certDir().resolve("server");
    }

    public Path clientDir() {
        return certDir().resolve("client");
    }

    public Path rootCaCert() {
        return caDir().resolve("root-ca.crt");
    }

    public Path rootCaKey() {
        return caDir().resolve("root-ca.key");
    }

    public Path signingCaCert() {
        return caDir().resolve("signing-ca.crt");
    }

    public Path signingCaKey() {
        return caDir().resolve("signing-ca.key");
    }

    public Path crl() {
        return caDir().resolve("signing-ca.crl");
    }

    public Path certChain() {
        return certDir().resolve("cert_chain.crt");
    }

    public Path aggregatorKey(String fqdn) {
        return serverDir().resolve(aggregatorBase(fqdn) + ".key");
    }

    public Path aggregatorCsr(String fqdn) {
        return serverDir().resolve(aggregatorBase(fqdn) + ".csr");
    }

    public Path aggregatorCert(String fqdn) {
        return serverDir().resolve(aggregatorBase(fqdn) + ".crt");
    }

    public Path collaboratorKey(String name) {
        return clientDir().resolve(collaboratorBase(name) + ".key");
    }

    public Path collaboratorCsr(String name) {
        return clientDir().resolve(collaboratorBase(name) + ".csr");
    }

    public Path collaboratorCert(String name) {
        return clientDir().resolve(collaboratorBase(name) + ".crt");
    }

    public Path operatorDir() {
        return certDir().resolve("operator");
    }

    public Path operatorKey(String name) {
        return operatorDir().resolve("op_" + Identities.requireCollaboratorName(name) + ".key");
    }

    public Path operatorCsr(String name) {
        return operatorDir().resolve("op_" + Identities.requireCollaboratorName(name) + ".csr");
    }

    public Path operatorCert(String name) {
        return operatorDir().resolve("op_" + Identities.requireCollaboratorName(name) + ".crt");
    }

    /** The request package a collaborator site sends to the CA holder. */
    public Path requestPackage(String name) {
        return workspace.resolve(requestPackageName(name));
    }

    /** The signed package the CA holder sends back to a collaborator site. */
    public Path signedPackage(String name) {
        return workspace.resolve(signedPackageName(name));
    }

    /** {@code col_<name>_to_agg_cert_request.tar.gz} */
    public static String requestPackageName(String name) {
        return "col_" + Identities.requireCollaboratorName(name) + "_to_agg_cert_request.tar.gz";
    }

    /** {@code agg_to_col_<name>_signed_cert.tar.gz} */
    public static String signedPackageName(String name) {
        return "agg_to_col_" + Identities.requireCollaboratorName(name) + "_signed_cert.tar.gz";
    }

    static String aggregatorBase(String fqdn) {
        return "agg_" + Identities.requireHostName(fqdn);
    }

    static String collaboratorBase(String name) {
        return "col_" + Identities.requireCollaboratorName(name);
    }
}
