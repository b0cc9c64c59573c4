package org.fl4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into one clear line on stderr and exit code 1. The stack trace
 * is printed only when the user asked for debug logs ({@code -l debug}).
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println("Error: " + describe(ex));
        if (LogSetup.debugEnabled()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return Fx.FAILURE;
    }

    static String describe(Throwable ex) {
        Throwable t = ex;
        // Wrappers without a message of their own say nothing the user can act on: show what they wrap.
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + message;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + message;
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists: " + message;
        }
        return message;
    }
}
