package org.fl4j.cli;

import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.fl4j.pki.CertificateIssuer;
import org.fl4j.pki.PkiLayout;
import org.fl4j.plan.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx collaborator revoke}: puts a collaborator's certificate on the CRL. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revokes the collaborator's certificate cert/client/col_<name>.crt: adds it to the"
                + " revocation list cert/ca/signing-ca.crl, signed by the signing CA. A running aggregator refuses"
                + " it from its next connection or call."})
final class CollaboratorRevokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--collaborator-name"}, required = true, paramLabel = "NAME",
            description = "The collaborator whose certificate to revoke.")
    String name;

    @Override
    public Integer call() {
        Names.requireCollaboratorName(name);
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        X509Certificate cert = CertificateIssuer.open(layout).revokeCollaborator(name);
        spec.commandLine().getOut().println("Revoked the certificate of collaborator '" + name + "' (serial "
                + cert.getSerialNumber().toString(16) + ") in " + WorkspaceCertifyCommand.rel(layout, layout.crl()));
        return Fx.OK;
    }
}
