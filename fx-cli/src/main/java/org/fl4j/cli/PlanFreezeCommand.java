package org.fl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx plan freeze}: the merged plan, written out in full and write-protected, becomes current. */
@Command(name = "freeze", mixinStandardHelpOptions = true,
        description = {"Freeze the plan into a write-protected file and make it current.",
            "Writes the merged plan (with any --set overrides) in full to plan/plan_<hash8>.yaml, read-only, and"
                + " makes it the current plan. Every site of a federation must hold the same frozen plan."})
final class PlanFreezeCommand implements Callable<Integer> {

    @Mixin
    PlanOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Plan plan = options.read();
        Path ws = CliContext.workspace();
        Path frozen = PlanStore.freeze(ws, plan);
        spec.commandLine().getOut().println("Frozen plan " + ws.relativize(frozen) + " is now current (hash "
                + plan.hash() + ")");
        return Fx.OK;
    }
}
