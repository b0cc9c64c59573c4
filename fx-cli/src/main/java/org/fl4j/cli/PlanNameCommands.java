package org.fl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.plan.PlanStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx plan save|switch|remove -n NAME}: named plans of a workspace, as in OpenFL. */
final class PlanNameCommands {

    private PlanNameCommands() {
    }

    /** Shared option and output of the three verbs. */
    abstract static class NamedPlanVerb implements Callable<Integer> {

        @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The plan's name.")
        String name;

        @Spec
        CommandSpec spec;

        Path workspace() {
            Path ws = CliContext.workspace();
            PlanOptions.requireWorkspace(ws, null);
            return ws;
        }

        void say(String text) {
            spec.commandLine().getOut().println(text);
        }
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Copy the current plan to plan/plans/NAME.yaml and make it current.")
    static final class Save extends NamedPlanVerb {
        @Override
        public Integer call() throws Exception {
            Path ws = workspace();
            Path saved = PlanStore.save(ws, name);
            say("Saved the plan as '" + name + "' (" + ws.relativize(saved) + "); it is now current");
            return Fx.OK;
        }
    }

    @Command(name = "switch", mixinStandardHelpOptions = true,
            description = "Make plan NAME current: 'default' (plan/plan.yaml), a saved plan or a frozen plan_<hash8>.")
    static final class Switch extends NamedPlanVerb {
        @Override
        public Integer call() throws Exception {
            Path ws = workspace();
            Path file = PlanStore.switchTo(ws, name);
            say("Current plan: '" + name + "' (" + ws.relativize(file) + ")");
            return Fx.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete plan NAME (never 'default'); if it was current, 'default' becomes current.")
    static final class Remove extends NamedPlanVerb {
        @Override
        public Integer call() throws Exception {
            Path ws = workspace();
            Path file = PlanStore.remove(ws, name);
            say("Removed plan '" + name + "' (" + ws.relativize(file) + "); current plan: '" + PlanStore.current(ws) + "'");
            return Fx.OK;
        }
    }
}
