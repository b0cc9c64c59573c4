package org.fl4j.cli;

import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.fl4j.pki.CertificateIssuer;
import org.fl4j.pki.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx aggregator revoke}: puts the aggregator's certificate on the CRL. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revokes the aggregator's certificate cert/server/agg_<fqdn>.crt: adds it to the revocation"
                + " list cert/ca/signing-ca.crl, signed by the signing CA.")
final class AggregatorRevokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fqdn", paramLabel = "NAME",
            description = "The aggregator's host name or IP address (default: as for generate-cert-request).")
    String fqdn;

    @Override
    public Integer call() {
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        CertificateIssuer issuer = CertificateIssuer.open(layout);
        String name = PkiOptions.aggregatorName(fqdn).name();
        X509Certificate cert = issuer.revokeAggregator(name);
        spec.commandLine().getOut().println("Revoked the certificate of aggregator '" + name + "' (serial "
                + cert.getSerialNumber().toString(16) + ") in " + WorkspaceCertifyCommand.rel(layout, layout.crl()));
        return Fx.OK;
    }
}
