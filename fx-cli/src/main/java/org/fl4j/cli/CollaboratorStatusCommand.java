package org.fl4j.cli;

import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.fl4j.pki.Pem;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.FederationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx collaborator status -n NAME}: this site's own view of the federation. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show this site's view: its certificate's validity, whether the aggregator admits it now and"
                + " the federation's round (a Ping as NAME), and the last entry of its privacy ledger when it trains"
                + " with record-level DP. Exit 1 when the aggregator refuses or cannot be reached."})
final class CollaboratorStatusCommand implements Callable<Integer> {

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
            description = "The collaborator's name (its certificate CN).")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = StatusFormat.Formats.class,
            description = "text (default) or json.")
    StatusFormat.Format format;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long to wait for the connection and the answer (default: 30).")
    long timeout = 30;

    @Mixin
    PlanOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CollaboratorSite site = CollaboratorSite.of(name, options.read());
        X509Certificate cert = Pem.readCertificate(site.tls().certificate());
        String answer;
        FederationStatus status = null;
        ManagedChannel channel = site.channel();
        try {
            status = new FederationClient(channel, site.config().route(), site.config().limits(),
                    site.config().transferTimeout()).ping(Duration.ofSeconds(timeout));
            answer = "admitted";
        } catch (FederationException e) {
            answer = "refused or unreachable: " + e.getMessage();
        } finally {
            CollaboratorSite.close(channel);
        }
        String ledger = lastLedgerLine(site.workspace().resolve("save").resolve("privacy_ledger_" + name + ".txt"));
        Instant until = cert.getNotAfter().toInstant();
        StringBuilder b = new StringBuilder();
        if (format == StatusFormat.Format.JSON) {
            b.append("{\"collaborator\":");
            StatusFormat.quote(b, name).append(",\"federation_id\":");
            StatusFormat.quote(b, site.plan().federationId()).append(",\"aggregator\":");
            StatusFormat.quote(b, site.target()).append(",\"certificate_valid_until\":");
            StatusFormat.quote(b, until.toString()).append(",\"aggregator_answer\":");
            StatusFormat.quote(b, answer).append(",\"round\":").append(status == null ? "null" : status.round())
                    .append(",\"rounds_to_train\":").append(status == null ? "null" : status.roundsToTrain())
                    .append(",\"privacy_ledger_last\":");
            (ledger == null ? b.append("null") : StatusFormat.quote(b, ledger)).append("}\n");
        } else {
            b.append("Collaborator ").append(name).append(" of federation ").append(site.plan().federationId())
                    .append('\n');
            b.append("Certificate: valid until ").append(until).append(" (")
                    .append(Duration.between(Instant.now(), until).toDays()).append(" days)\n");
            b.append("Aggregator ").append(site.target()).append(": ").append(answer).append('\n');
            if (status != null) {
                b.append("Federation round: ").append(status.round()).append(" of ").append(status.roundsToTrain())
                        .append('\n');
            }
            if (ledger != null) {
                b.append("Privacy ledger, last entry: ").append(ledger).append('\n');
            }
        }
        spec.commandLine().getOut().print(b);
        return status == null ? Fx.FAILURE : Fx.OK;
    }

    private static String lastLedgerLine(Path ledger) throws java.io.IOException {
        if (!Files.isRegularFile(ledger)) {
            return null;
        }
        List<String> lines = Files.readAllLines(ledger).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }
}
