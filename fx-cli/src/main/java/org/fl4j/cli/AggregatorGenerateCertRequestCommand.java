package org.fl4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fl4j.pki.CertificateRequests;
import org.fl4j.pki.KeyType;
import org.fl4j.pki.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx aggregator generate-cert-request}: the aggregator's key and CSR. */
@Command(name = "generate-cert-request", mixinStandardHelpOptions = true,
        description = {"Creates the aggregator's private key and certificate signing request in"
                + " cert/server/agg_<fqdn>.{key,csr} (CN and SAN = the fqdn; an IP address gets an IP SAN),"
                + " and prints the request's SHA-384 to compare before signing."})
final class AggregatorGenerateCertRequestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fqdn", paramLabel = "NAME",
            description = "The aggregator's host name or IP address (default: the plan's network.agg_addr,"
                    + " else this host's fully qualified name).")
    String fqdn;

    @Option(names = "--san", paramLabel = "NAME",
            description = "A further host name or IP address the aggregator is reached by (repeatable).")
    List<String> otherNames = new ArrayList<>();

    @Option(names = "--key-type", paramLabel = "TYPE", converter = PkiOptions.KeyTypes.class,
            completionCandidates = PkiOptions.KeyTypes.class, defaultValue = "ec-p384",
            description = "Key type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    KeyType keyType;

    @Option(names = "--force", description = "Replace an existing key (its certificate, if any, is removed).")
    boolean force;

    @Override
    public Integer call() {
        PkiOptions.Fqdn name = PkiOptions.aggregatorName(fqdn);
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        var request = CertificateRequests.forAggregator(layout, name.name(), otherNames, keyType, force);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Aggregator '" + name.name() + "' (from " + name.origin() + "):");
        out.println("  private key  " + WorkspaceCertifyCommand.rel(layout, request.key()) + " (mode 0600)");
        out.println("  request      " + WorkspaceCertifyCommand.rel(layout, request.csr()));
        out.println("CSR SHA-384: " + request.sha384());
        out.println("Next: 'fx aggregator certify" + (fqdn != null ? " --fqdn " + name.name() : "")
                + "' on the CA's workspace; check that it shows this hash.");
        return Fx.OK;
    }
}
