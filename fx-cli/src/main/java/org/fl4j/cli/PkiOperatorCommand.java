package org.fl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.pki.CertificateAuthority;
import org.fl4j.pki.CertificateIssuer;
import org.fl4j.pki.CertificateRequests;
import org.fl4j.pki.KeyType;
import org.fl4j.pki.PkiLayout;
import org.fl4j.plan.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx pki operator -n NAME}: issue an operator certificate on the CA holder's workspace. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Issue an operator certificate (on the workspace that holds the CA).",
            "Makes a key and a request cert/operator/op_<NAME>.{key,csr} and signs it with the signing CA into"
                + " cert/operator/op_<NAME>.crt: extended key usages clientAuth and fl4j's operator purpose. The"
                + " aggregator admits it only to its status service (fx aggregator status), never as a"
                + " collaborator; a collaborator certificate is never admitted to the status service."})
final class PkiOperatorCommand implements Callable<Integer> {

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The operator's name (CN).")
    String name;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = PkiOptions.KeyTypes.class,
            completionCandidates = PkiOptions.KeyTypes.class, defaultValue = "ec-p384",
            description = "Key type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    KeyType keyType;

    @Option(names = "--force", description = "Replace an existing operator certificate: the old one is revoked.")
    boolean force;

    @Option(names = "--validity-days", paramLabel = "DAYS", defaultValue = "" + CertificateAuthority.DEFAULT_LEAF_DAYS,
            description = "Validity of the certificate in days (default: ${DEFAULT-VALUE}).")
    int validityDays;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Names.collaboratorNameProblem(name).ifPresent(p -> {
            throw new FxException(p.replace("collaborator", "operator"));
        });
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        CertificateIssuer issuer = CertificateIssuer.open(layout);
        CertificateRequests.forOperator(layout, name, keyType, force);
        var issued = issuer.issue(issuer.prepareOperator(name, force), validityDays);
        var out = spec.commandLine().getOut();
        if (issued.revoked() != null) {
            out.println("Revoked the previous certificate (serial " + issued.revoked().getSerialNumber().toString(16)
                    + ").");
        }
        out.println("Operator certificate: " + rel(layout, issued.certificateFile()) + "  valid until "
                + issued.certificate().getNotAfter().toInstant());
        out.println("Key: " + rel(layout, layout.operatorKey(name)) + " (keep it private; with it anyone reads the"
                + " federation's status)");
        out.println("Ask the running aggregator: fx aggregator status --operator " + name);
        return Fx.OK;
    }

    private static String rel(PkiLayout layout, Path p) {
        return WorkspaceCertifyCommand.rel(layout, p);
    }
}
