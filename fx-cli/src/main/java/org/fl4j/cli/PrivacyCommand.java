package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx privacy}: differential privacy arithmetic (epsilon of a training, noise for a target). */
@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        description = "Compute the differential privacy of DP-SGD or DP-FedAvg training, or the noise it needs.",
        subcommands = {PrivacyEpsilonCommand.class, PrivacyCalibrateCommand.class})
final class PrivacyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
