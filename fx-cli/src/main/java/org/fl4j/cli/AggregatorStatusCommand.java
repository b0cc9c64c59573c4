package org.fl4j.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fl4j.aggregator.ops.StatusClient;
import org.fl4j.plan.Plan;
import org.fl4j.protocol.v1.StatusReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx aggregator status}: ask the running aggregator for its status with an operator certificate. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the running aggregator's status: federation, round, phase, the round's estimated end,"
                + " and each collaborator's state (connected, training, uploaded, late, dropped, refused, unseen),"
                + " time since its last contact and bytes each way.",
            "Asks over the federation's mutual-TLS port with an operator certificate of this workspace"
                + " (cert/operator/op_<NAME>.crt, made by fx pki operator)."})
final class AggregatorStatusCommand implements Callable<Integer> {

    @Option(names = "--operator", paramLabel = "NAME",
            description = "The operator certificate to use (default: the only one in cert/operator).")
    String operator;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.", converter = StatusFormat.Formats.class)
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
        Plan plan = options.read();
        ManagedChannel channel = OperatorChannel.open(plan, OperatorChannel.files(CliContext.workspace(), operator));
        StatusReply status;
        try {
            status = new StatusClient(channel).status(Duration.ofSeconds(timeout));
        } catch (StatusRuntimeException e) {
            throw new FxException("the aggregator at " + plan.aggregatorAddress() + ":" + plan.aggregatorPort()
                    + " did not give its status: " + e.getStatus().getCode() + (e.getStatus().getDescription() == null
                            ? "" : ": " + e.getStatus().getDescription()), e);
        } finally {
            CollaboratorSite.close(channel);
        }
        spec.commandLine().getOut().print(format == StatusFormat.Format.JSON ? StatusFormat.json(status)
                : StatusFormat.text(status));
        return Fx.OK;
    }
}
