package org.fl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.pki.CertificateRequests;
import org.fl4j.pki.KeyType;
import org.fl4j.pki.PkiLayout;
import org.fl4j.plan.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx collaborator generate-cert-request}: a collaborator's key, CSR and request package. */
@Command(name = "generate-cert-request", mixinStandardHelpOptions = true,
        description = {"Creates the collaborator's private key and certificate signing request in"
                + " cert/client/col_<name>.{key,csr} (CN = name, clientAuth), prints the request's SHA-384 and"
                + " writes the request package col_<name>_to_agg_cert_request.tar.gz (the CSR only, never the"
                + " key) to send to the CA holder."})
final class CollaboratorGenerateCertRequestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--collaborator-name"}, required = true, paramLabel = "NAME",
            description = "The collaborator's name (its certificate's CN).")
    String name;

    @Option(names = {"-x", "--skip-package"}, description = "Do not write the request package (single machine).")
    boolean skipPackage;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = PkiOptions.KeyTypes.class,
            completionCandidates = PkiOptions.KeyTypes.class, defaultValue = "ec-p384",
            description = "Key type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    KeyType keyType;

    @Option(names = "--force", description = "Replace an existing key (its certificate, if any, is removed).")
    boolean force;

    @Override
    public Integer call() {
        Names.requireCollaboratorName(name);
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        var request = CertificateRequests.forCollaborator(layout, name, keyType, force);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Collaborator '" + name + "':");
        out.println("  private key  " + WorkspaceCertifyCommand.rel(layout, request.key()) + " (mode 0600)");
        out.println("  request      " + WorkspaceCertifyCommand.rel(layout, request.csr()));
        if (!skipPackage) {
            Path pkg = CertificateRequests.writeRequestPackage(layout, name);
            out.println("  package      " + WorkspaceCertifyCommand.rel(layout, pkg) + " (the request only)");
        }
        out.println("CSR SHA-384: " + request.sha384());
        out.println(skipPackage
                ? "Next: 'fx collaborator certify -n " + name + "' in this workspace."
                : "Next: send the package to the CA holder for 'fx collaborator certify --request-pkg', and tell"
                        + " them this hash by another channel.");
        return Fx.OK;
    }
}
