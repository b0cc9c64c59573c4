package org.fl4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.fl4j.pki.CertificateAuthority;
import org.fl4j.pki.CertificateIssuer;
import org.fl4j.pki.PendingRequest;
import org.fl4j.pki.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx aggregator certify}: signs the aggregator's CSR with the signing CA. */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = {"Signs the aggregator's request cert/server/agg_<fqdn>.csr with the workspace's signing CA"
                + " into cert/server/agg_<fqdn>.crt (serverAuth), after showing its SHA-384 and asking for"
                + " confirmation."})
final class AggregatorCertifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fqdn", paramLabel = "NAME",
            description = "The aggregator's host name or IP address (default: as for generate-cert-request).")
    String fqdn;

    @Option(names = {"-s", "--silent"}, description = "Sign without asking for confirmation.")
    boolean silent;

    @Option(names = "--force", description = "Re-sign when the aggregator already has a certificate: the old one is"
            + " revoked first.")
    boolean force;

    @Option(names = "--validity-days", paramLabel = "DAYS", defaultValue = "" + CertificateAuthority.DEFAULT_LEAF_DAYS,
            description = "Validity of the certificate in days (default: ${DEFAULT-VALUE}).")
    int validityDays;

    @Override
    public Integer call() {
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        CertificateIssuer issuer = CertificateIssuer.open(layout);
        String name = PkiOptions.aggregatorName(fqdn).name();
        PendingRequest request = issuer.prepareAggregator(name, force);
        PrintWriter out = spec.commandLine().getOut();
        CollaboratorCertifyCommand.sign(out, issuer, request, silent, validityDays);
        return Fx.OK;
    }
}
