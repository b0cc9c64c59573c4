package org.fl4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.fl4j.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx plan print}: the merged plan as canonical YAML, then its hash and what derives from it. */
@Command(name = "print", mixinStandardHelpOptions = true,
        description = {"Print the merged plan and its hash.",
            "The plan merged with its defaults files and --set overrides, as the canonical YAML its SHA-384 hash"
                + " is computed from, followed by the collaborators, aggregator address, federation id and hash as"
                + " comments."})
final class PlanPrintCommand implements Callable<Integer> {

    @Mixin
    PlanOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Plan plan = options.read();
        PrintWriter out = spec.commandLine().getOut();
        out.println("# " + options.files().plan() + " merged with its defaults");
        out.print(plan.toYaml());
        out.println("# collaborators: " + (plan.collaborators().isEmpty() ? "(none)" : String.join(", ",
                plan.collaborators())));
        out.println("# aggregator: " + plan.network().aggAddr() + ":" + plan.aggregatorPort()
                + (plan.network().aggPort().isEmpty() ? " (port derived from the hash)" : ""));
        out.println("# federation id: " + plan.federationId());
        out.println("# hash: " + plan.hash());
        return Fx.OK;
    }
}
