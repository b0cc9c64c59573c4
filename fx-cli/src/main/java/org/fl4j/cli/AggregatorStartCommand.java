package org.fl4j.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.OpenFlOptions;
import org.fl4j.aggregator.OperationsOptions;
import org.fl4j.aggregator.dashboard.DashboardSettings;
import org.fl4j.metrics.MetricsSettings;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx aggregator start}: serve the federation until its last round is done. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the aggregator and run the federation.",
            "Serves the plan's federation over mutual TLS on network.settings.agg_port (all interfaces) with the"
                + " certificate cert/server/agg_<agg_addr>.crt, admitting the collaborators of cols.yaml whose"
                + " certificates are not revoked. Resumes from the checkpoint when there is one. Runs"
                + " rounds_to_train rounds, writes logs/metrics.jsonl, logs/audit.jsonl and the best and last models,"
                + " serves Prometheus metrics on aggregator.settings.metrics_port and the HTTPS dashboard on"
                + " aggregator.settings.dashboard_port when set, tells the"
                + " collaborators to quit and exits. A plan with an openfl section (fx plan import-openfl) also"
                + " serves OpenFL's collaborators on the same port.",
            "With --intermediate NAME it runs node NAME of network.settings.tree instead: it serves its children on"
                + " the node's address and port with cert/server/agg_<address>.crt and takes part in its parent's"
                + " federation with cert/client/col_<NAME>.crt, forwarding its children's weighted average."})
final class AggregatorStartCommand implements Callable<Integer> {

    @Mixin
    PlanOptions options;

    @picocli.CommandLine.Option(names = "--intermediate", paramLabel = "NAME",
            description = "Run the intermediate aggregator NAME of the plan's network.settings.tree.")
    String intermediate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Plan plan = options.read();
        Path ws = CliContext.workspace();
        if (intermediate != null) {
            String reason = IntermediateStart.run(plan, ws, intermediate);
            spec.commandLine().getOut().println("Intermediate aggregator " + intermediate + " finished: " + reason);
            return Fx.OK;
        }
        AggregatorConfig config;
        try {
            config = AggregatorConfig.fromPlan(plan, ws);
        } catch (IllegalArgumentException e) {
            throw new FxException(e.getMessage(), e);
        }
        String fqdn = plan.aggregatorAddress();
        TlsFiles tls = RuntimeFiles.require(TlsFiles.aggregator(PkiLayout.of(ws), fqdn), ws,
                "certify the aggregator first (fx aggregator generate-cert-request --fqdn " + fqdn
                        + ", then fx aggregator certify --fqdn " + fqdn + ")");
        OpenFlOptions openfl = OpenFlOptions.fromPlan(plan).orElse(null);
        var a = plan.aggregator();
        OperationsOptions ops = new OperationsOptions(
                a.metricsPort() == 0 ? null : new MetricsSettings(a.metricsAddress(), a.metricsPort()),
                a.writeLogs() ? ws.toAbsolutePath().resolve("logs").resolve("audit.jsonl") : null,
                a.dashboardPort() == 0 ? null : new DashboardSettings(a.dashboardAddress(), a.dashboardPort(),
                        DashboardSettings.Access.ofPlanName(a.dashboardAccess()), tls, RuntimeFiles.minimumTls(plan)));
        java.util.Optional<String> endedEarly;
        AggregatorServer started;
        try {
            started = AggregatorServer.startTls(config, openfl, ops, tls, RuntimeFiles.minimumTls(plan),
                    new InetSocketAddress(plan.aggregatorPort()), Clock.systemUTC());
        } catch (IllegalArgumentException | org.fl4j.secagg.SecAggException e) {
            throw new FxException(e.getMessage(), e);
        }
        try (AggregatorServer server = started) {
            server.awaitFinished();
            endedEarly = server.federation().endedEarly();
        }
        spec.commandLine().getOut().println("Federation " + plan.federationId() + " finished: "
                + endedEarly.orElse(config.roundsToTrain() + " rounds") + "; best model " + ws.relativize(config.paths().bestModel())
                + ", last model " + ws.relativize(config.paths().lastModel())
                + (config.paths().metricsLog() == null ? "" : ", metrics " + ws.relativize(config.paths().metricsLog())));
        return Fx.OK;
    }
}
