package org.fl4j.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The root {@code fx} command: global options and the command groups. */
@Command(
        name = "fx",
        mixinStandardHelpOptions = true,
        versionProvider = FxVersion.class,
        header = "fl4j: federated learning for the JVM.",
        description = "Manages federated learning workspaces, plans and certificates, and runs the aggregator"
                + " and the collaborators.",
        subcommands = {
            WorkspaceCommand.class,
            PlanCommand.class,
            PkiCommand.class,
            AggregatorCommand.class,
            CollaboratorCommand.class,
            ModelCommand.class,
            PrivacyCommand.class,
            MetricsCommand.class,
            AuditCommand.class,
            SimulateCommand.class,
            SlurmCommand.class,
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class
        },
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error."})
final class FxCommand implements Runnable {

    @Option(names = {"-l", "--log-level"}, scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "Logging verbosity: error, warn, info (default), debug or trace. debug also prints"
                    + " stack traces of failures.")
    void logLevel(String level) {
        LogSetup.requestLevel(level);
    }

    @Option(names = "--log-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Also write the log to FILE (appended).")
    void logFile(Path file) {
        LogSetup.requestFile(file);
    }

    @Option(names = {"-W", "--workspace"}, scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "The workspace folder to work in (default: the current folder).")
    void workspace(Path dir) {
        CliContext.workspace(dir);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int executionStrategy(ParseResult parsed) {
        LogSetup.apply();
        long start = System.nanoTime();
        int code = new CommandLine.RunLast().execute(parsed);
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        // The result line of a verb that ran (not of help, version or a group printing its usage).
        if (code == Fx.OK && leaf.commandSpec().userObject() instanceof java.util.concurrent.Callable<?>
                && !leaf.isUsageHelpRequested() && !leaf.isVersionHelpRequested()) {
            org.slf4j.LoggerFactory.getLogger("fx").info("{}: OK ({} ms)", leaf.commandSpec().qualifiedName(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        return code;
    }
}
