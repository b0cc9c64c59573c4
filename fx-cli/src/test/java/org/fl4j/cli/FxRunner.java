package org.fl4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs fx command lines in-process through {@link Fx#run}, capturing stdout and stderr. */
final class FxRunner {

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Fx.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
