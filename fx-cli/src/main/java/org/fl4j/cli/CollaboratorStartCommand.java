package org.fl4j.cli;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.TaskRunners;
import org.fl4j.collaborator.metrics.SiteMetrics;
import org.fl4j.collaborator.privacy.RecordPrivacy;
import org.fl4j.collaborator.secagg.SecureSite;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.metrics.MetricsEndpoint;
import org.fl4j.metrics.MetricsSettings;
import org.fl4j.plan.Plan;
import org.fl4j.secagg.SecAggException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fx collaborator start -n NAME}: take part in the federation until the aggregator ends it. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a collaborator and take part in the federation.",
            "Connects to the plan's aggregator over mutual TLS with cert/client/col_<NAME>.crt, then asks for"
                + " tasks, trains and validates with the plan's task runner on the data path of plan/data.yaml,"
                + " and sends the results, until the aggregator says the federation is over. While the aggregator"
                + " cannot be reached it retries with exponential backoff and jitter."})
final class CollaboratorStartCommand implements Callable<Integer> {

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
            description = "The collaborator's name (its certificate CN).")
    String name;

    @Option(names = "--give-up-after", paramLabel = "SECONDS",
            description = "Stop when the aggregator stays unreachable this long (default: 1800).")
    long giveUpAfter = CollaboratorConfig.GIVE_UP_AFTER.toSeconds();

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve this site's Prometheus metrics (GET /metrics, plain HTTP) on PORT (default: none).")
    Integer metricsPort;

    @Option(names = "--metrics-address", paramLabel = "ADDRESS", defaultValue = MetricsSettings.LOCALHOST,
            description = "The address the metrics are served on (default: ${DEFAULT-VALUE}, this machine only).")
    String metricsAddress;

    @Mixin
    PlanOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be in 1..65535, found "
                    + metricsPort);
        }
        CollaboratorSite site = CollaboratorSite.of(name, options.read());
        Plan plan = site.plan();
        Path ws = site.workspace();
        CollaboratorConfig config;
        try {
            config = site.config().withGiveUpAfter(Duration.ofSeconds(giveUpAfter));
        } catch (IllegalArgumentException e) {
            throw new FxException(e.getMessage(), e);
        }
        String dataPath = plan.dataPath(name).orElseThrow(() -> new FxException("plan/data.yaml has no data path for"
                + " collaborator " + name + ": run fx collaborator create -n " + name + " -d DATA_PATH"));
        RunnerContext context = new RunnerContext(ws, name, dataPath, plan.taskRunner().settings(),
                plan.dataLoader().settings(), plan.aggregator().seed(), plan.collaborator().threads());
        SecureSite secure = null;
        if (plan.aggregator().secureAggregation().enabled()) {
            try {
                secure = SecureSite.fromFiles(plan.aggregator().secureAggregation(), name, site.tls().certificate(),
                        site.tls().privateKey(), site.tls().trustedChain(), java.time.Clock.systemUTC())
                        .withDistributedDp(org.fl4j.secagg.dp.DistributedDp.of(plan.privacy(),
                                plan.aggregator().secureAggregation(), plan.aggregator().roundsToTrain()));
            } catch (SecAggException e) {
                throw new FxException("secure aggregation (aggregator.settings.secure_aggregation): "
                        + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new FxException(e.getMessage(), e);
            }
        }
        SiteMetrics metrics = new SiteMetrics(name);
        try (MetricsEndpoint endpoint = metricsEndpoint(metrics);
                TaskRunner created = TaskRunners.create(plan.taskRunner().template(), context)) {
            TaskRunner runner = RecordPrivacy.wrap(created, plan, name, ws);
            runner.setProgress(ConsoleProgressBar.forTerminal(spec.commandLine().getErr()));
            ManagedChannel channel = site.channel();
            try {
                String reason = Collaborator.over(channel, config, runner, secure).observedBy(metrics).run();
                spec.commandLine().getOut().println("Collaborator " + name + " done: " + reason);
            } finally {
                CollaboratorSite.close(channel);
            }
        }
        return Fx.OK;
    }

    /** The metrics endpoint of {@code --metrics-port}, bound before anything else starts; null without it. */
    private MetricsEndpoint metricsEndpoint(SiteMetrics metrics) {
        if (metricsPort == null) {
            return null;
        }
        try {
            return MetricsEndpoint.start(metrics.registry(), new MetricsSettings(metricsAddress, metricsPort,
                    "--metrics-port"));
        } catch (java.io.IOException e) {
            throw new FxException(e.getMessage(), e);
        }
    }
}
