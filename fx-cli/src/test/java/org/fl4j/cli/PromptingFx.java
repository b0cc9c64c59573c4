package org.fl4j.cli;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

/**
 * Runs fx command lines in-process through {@link Fx#run}, capturing stdout and stderr, and feeding the
 * given text to confirmation prompts as if typed on standard input (none: the prompt reads end of input).
 */
final class PromptingFx {

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    int run(String... args) {
        return runWithInput("", args);
    }

    int runWithInput(String input, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        Confirmation.useInput(new StringReader(input));
        try {
            return Fx.run(new PrintWriter(out), new PrintWriter(err), args);
        } finally {
            Confirmation.useInput(null);
        }
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
