package org.fl4j.cli;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fl4j.collaborator.Collaborator;
import org.fl4j.collaborator.CollaboratorConfig;
import org.fl4j.collaborator.TaskRunners;
import org.fl4j.collaborator.privacy.RecordPrivacy;
import org.fl4j.collaborator.secagg.SecureSite;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.plan.Plan;
import org.fl4j.secagg.SecAggException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Mixin
    PlanOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
        try (TaskRunner created = TaskRunners.create(plan.taskRunner().template(), context)) {
            TaskRunner runner = RecordPrivacy.wrap(created, plan, name, ws);
            runner.setProgress(ConsoleProgressBar.forTerminal(spec.commandLine().getErr()));
            ManagedChannel channel = site.channel();
            try {
                String reason = Collaborator.over(channel, config, runner, secure).run();
                spec.commandLine().getOut().println("Collaborator " + name + " done: " + reason);
            } finally {
                CollaboratorSite.close(channel);
            }
        }
        return Fx.OK;
    }
}
