package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx model}: Inspect and convert saved models. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect and convert saved models.",
        subcommands = {ModelSaveCommand.class, ModelInfoCommand.class})
final class ModelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
