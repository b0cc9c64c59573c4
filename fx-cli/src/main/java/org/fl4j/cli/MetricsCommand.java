package org.fl4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx metrics}: show or plot the federation's metrics. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Show or plot the metrics of logs/metrics.jsonl.",
        subcommands = {MetricsShowCommand.class, MetricsPlotCommand.class})
final class MetricsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
