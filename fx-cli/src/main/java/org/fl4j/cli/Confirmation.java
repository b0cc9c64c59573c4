package org.fl4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Asks the user to confirm a signature, reading the answer from the command's input (standard input, or
 * what a test supplied with {@link #useInput}). No input at all counts as "no".
 */
final class Confirmation {

    private static BufferedReader input;

    private Confirmation() {
    }

    /** Reads answers from {@code reader} instead of standard input (tests); null restores standard input. */
    static synchronized void useInput(Reader reader) {
        input = reader == null ? null : new BufferedReader(reader);
    }

    private static synchronized BufferedReader input() {
        if (input == null) {
            input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return input;
    }

    /**
     * Prints the question and waits for an answer; refuses (throws) unless it is "y" or "yes".
     *
     * @param refusal what was not done, e.g. "the request of 'site1' was not signed"
     */
    static void require(PrintWriter out, String question, String refusal) {
        out.print(question + " [y/N] ");
        out.flush();
        String answer;
        try {
            answer = input().readLine();
        } catch (IOException e) {
            throw new FxException(refusal + ": cannot read the answer (" + e.getMessage() + ")", e);
        }
        out.println();
        if (answer == null) {
            throw new FxException(refusal + ": no answer on standard input; pass --silent to confirm without asking");
        }
        String a = answer.strip().toLowerCase(Locale.ROOT);
        if (!a.equals("y") && !a.equals("yes")) {
            throw new FxException(refusal + ": not confirmed");
        }
    }
}
