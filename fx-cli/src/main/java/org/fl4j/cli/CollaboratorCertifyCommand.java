package org.fl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.pki.CertificateAuthority;
import org.fl4j.pki.CertificateIssuer;
import org.fl4j.pki.PendingRequest;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.SignedCertificateImport;
import org.fl4j.plan.CollaboratorRegistry;
import org.fl4j.plan.Names;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx collaborator certify}: signs a request (CA side) or installs a signed certificate (site side). */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = {"On the CA holder's workspace: --request-pkg PKG checks a request package, shows its"
                + " SHA-384, asks for confirmation, signs it and writes agg_to_col_<name>_signed_cert.tar.gz"
                + " (certificate + chain); the name is added to plan/cols.yaml unless --no-register.",
            "-n NAME does the same for the local request cert/client/col_<name>.csr (single machine).",
            "At the collaborator's site: --import PKG installs the signed certificate and the chain after"
                + " checking that they match the local key and chain to the root."})
final class CollaboratorCertifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Mode {
        @Option(names = "--request-pkg", paramLabel = "PKG", description = "Sign the request package PKG.")
        Path requestPackage;

        @Option(names = "--import", paramLabel = "PKG", description = "Install the signed package PKG at this site.")
        Path importPackage;

        @Option(names = {"-n", "--collaborator-name"}, paramLabel = "NAME",
                description = "Sign the local request of collaborator NAME.")
        String name;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = {"-s", "--silent"}, description = "Sign without asking for confirmation.")
    boolean silent;

    @Option(names = "--no-register", description = "Do not add the collaborator to plan/cols.yaml.")
    boolean noRegister;

    @Option(names = "--force", description = "Re-sign a collaborator that already has a certificate: the old one is"
            + " revoked first.")
    boolean force;

    @Option(names = "--validity-days", paramLabel = "DAYS", defaultValue = "" + CertificateAuthority.DEFAULT_LEAF_DAYS,
            description = "Validity of the certificate in days (default: ${DEFAULT-VALUE}).")
    int validityDays;

    @Override
    public Integer call() throws IOException {
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        PrintWriter out = spec.commandLine().getOut();
        if (mode.importPackage != null) {
            var imported = SignedCertificateImport.run(layout, mode.importPackage);
            out.println("Installed the certificate of collaborator '" + imported.name() + "':");
            out.println("  certificate  " + WorkspaceCertifyCommand.rel(layout, imported.certificateFile())
                    + "  valid until " + imported.certificate().getNotAfter().toInstant());
            out.println("  chain        " + WorkspaceCertifyCommand.rel(layout, imported.chainFile())
                    + (imported.newTrust() ? " (installed from the package)" : " (unchanged; the package's matches)"));
            out.println("Root CA SHA-384: " + imported.rootSha384());
            if (imported.newTrust()) {
                out.println("This workspace now trusts that root: compare the fingerprint with the CA holder's.");
            }
            return Fx.OK;
        }
        CertificateIssuer issuer = CertificateIssuer.open(layout);
        PendingRequest request = mode.requestPackage != null
                ? issuer.prepareRequestPackage(mode.requestPackage, force)
                : issuer.prepareCollaborator(Names.requireCollaboratorName(mode.name), force);
        sign(out, issuer, request, silent, validityDays);
        if (noRegister) {
            out.println("Not registered in plan/cols.yaml (--no-register).");
        } else if (CollaboratorRegistry.register(CliContext.workspace(), request.name())) {
            out.println("Registered '" + request.name() + "' in plan/cols.yaml.");
        } else {
            out.println("'" + request.name() + "' is already in plan/cols.yaml.");
        }
        return Fx.OK;
    }

    /** Shows the request's hash, confirms unless silent, signs and reports (shared with the aggregator). */
    static void sign(PrintWriter out, CertificateIssuer issuer, PendingRequest request, boolean silent,
            int validityDays) {
        PkiLayout layout = issuer.authority().layout();
        out.println("Certificate request of " + request.usage().role() + " '" + request.name() + "' (" + request.source()
                + ")");
        out.println("CSR SHA-384: " + request.sha384());
        if (request.replaces() != null) {
            out.println("It replaces the current certificate (serial " + request.replaces().getSerialNumber().toString(16)
                    + "), which will be revoked.");
        }
        if (!silent) {
            Confirmation.require(out, "Does this hash match the one shown where the request was made? Sign it?",
                    "the request of '" + request.name() + "' was not signed");
        }
        CertificateIssuer.Issued issued = issuer.issue(request, validityDays);
        if (issued.revoked() != null) {
            out.println("Revoked the previous certificate (serial " + issued.revoked().getSerialNumber().toString(16)
                    + ").");
        }
        out.println("Signed: " + WorkspaceCertifyCommand.rel(layout, issued.certificateFile()) + "  valid until "
                + issued.certificate().getNotAfter().toInstant());
        if (issued.signedPackage() != null) {
            out.println("Signed package: " + WorkspaceCertifyCommand.rel(layout, issued.signedPackage())
                    + " (send it back for 'fx collaborator certify --import')");
        }
    }
}
