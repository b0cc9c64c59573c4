package org.fl4j.cli;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

/** Runs fx command lines in-process, capturing output; optionally feeds answers to confirmation prompts. */
final class FxRunner {

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    /** Runs with no input at all (a prompt then reads end of input). */
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
