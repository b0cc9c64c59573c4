package org.fl4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code fx} entry point. {@link #run} is what tests call; {@link #main} only exits with its code. */
public final class Fx {

    /** Exit code of a command that worked. */
    public static final int OK = 0;
    /** Exit code of a command that failed (bad input, a refused operation, an I/O error ...). */
    public static final int FAILURE = 1;
    /** Exit code of a command line that does not parse. */
    public static final int USAGE = 2;

    private Fx() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs one fx command line, printing to the given writers, and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CliContext.reset();
        CommandLine cli = commandLine(out, err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new FxCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionStrategy(FxCommand::executionStrategy);
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler(new UsageHandler());
        cli.setExitCodeExceptionMapper(t -> FAILURE);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
