package org.fl4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.fl4j.pki.CertificateAuthority;
import org.fl4j.pki.Certificates;
import org.fl4j.pki.KeyType;
import org.fl4j.pki.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx workspace certify}: creates the workspace's root and signing CA. */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = {"Creates the workspace's certificate authority: a root CA and a signing CA under cert/ca/,"
                + " and the chain cert/cert_chain.crt that every site trusts.",
            "Refuses when a CA exists already (a new one would invalidate every certificate it signed)."})
final class WorkspaceCertifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = PkiOptions.KeyTypes.class,
            completionCandidates = PkiOptions.KeyTypes.class, defaultValue = "ec-p384",
            description = "Key type of both CAs: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    KeyType keyType;

    @Option(names = "--root-validity-days", paramLabel = "DAYS",
            defaultValue = "" + CertificateAuthority.DEFAULT_ROOT_DAYS,
            description = "Validity of the root CA in days (default: ${DEFAULT-VALUE}).")
    int rootDays;

    @Option(names = "--signing-validity-days", paramLabel = "DAYS",
            defaultValue = "" + CertificateAuthority.DEFAULT_SIGNING_DAYS,
            description = "Validity of the signing CA in days, at most the root's (default: ${DEFAULT-VALUE}).")
    int signingDays;

    @Override
    public Integer call() {
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        CertificateAuthority ca = CertificateAuthority.create(layout, keyType, rootDays, signingDays);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created the certificate authority (" + keyType.label() + ", SHA-384 signatures):");
        out.println("  root CA     " + rel(layout, layout.rootCaCert()) + "  valid until " + ca.root().getNotAfter().toInstant());
        out.println("  signing CA  " + rel(layout, layout.signingCaCert()) + "  valid until "
                + ca.signing().getNotAfter().toInstant());
        out.println("  chain       " + rel(layout, layout.certChain()));
        out.println("  keys        " + rel(layout, layout.rootCaKey()) + ", " + rel(layout, layout.signingCaKey())
                + " (mode 0600; never share them)");
        out.println("Root CA SHA-384: " + Certificates.sha384(ca.root()));
        out.println("Partner sites can compare this fingerprint with the one 'fx collaborator certify --import' shows.");
        return Fx.OK;
    }

    static String rel(PkiLayout layout, java.nio.file.Path p) {
        return layout.workspace().relativize(p).toString();
    }
}
