package org.fl4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A command line that does not parse: the problem, a pointer to help, exit code 2. */
final class UsageHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("Error: " + UsageHints.explain(ex));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for help.");
        err.flush();
        return Fx.USAGE;
    }
}
