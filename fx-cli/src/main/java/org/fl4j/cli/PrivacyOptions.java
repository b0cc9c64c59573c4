package org.fl4j.cli;

import java.util.Locale;
import org.fl4j.privacy.accounting.AccountantKind;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options {@code fx privacy epsilon} and {@code fx privacy calibrate} share, with their range checks. */
final class PrivacyOptions {

    /** How results are printed. */
    enum Format { TEXT, JSON }

    @Option(names = {"-q", "--sampling-rate"}, required = true, paramLabel = "Q",
            description = "Probability that a record (or collaborator) takes part in a step, in (0, 1]; 1 for"
                    + " full batches.")
    double samplingRate;

    @Option(names = {"-t", "--steps"}, required = true, paramLabel = "T",
            description = "Number of steps (DP-SGD batches, or DP-FedAvg rounds), >= 1.")
    long steps;

    @Option(names = {"-d", "--delta"}, required = true, paramLabel = "D", description = "Delta, in (0, 1).")
    double delta;

    @Option(names = "--accountant", paramLabel = "pld|rdp", defaultValue = "pld",
            description = "pld (default: the tightest) or rdp.")
    String accountant;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json (one object).")
    Format format;

    /** The accountant kind, after checking every option's range (a usage error, exit 2, names the option). */
    AccountantKind validate(CommandSpec spec) {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw usage(spec, "--sampling-rate must be in (0, 1], found " + samplingRate);
        }
        if (steps < 1) {
            throw usage(spec, "--steps must be >= 1, found " + steps);
        }
        if (!(delta > 0 && delta < 1)) {
            throw usage(spec, "--delta must be in (0, 1), found " + delta);
        }
        try {
            return AccountantKind.ofPlanName(accountant);
        } catch (IllegalArgumentException e) {
            throw usage(spec, "--accountant must be pld or rdp, found '" + accountant + "'");
        }
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A double as JSON (null for infinity or NaN, which JSON cannot hold). */
    static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** The accountant's plan name. */
    static String name(AccountantKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
