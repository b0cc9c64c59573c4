package org.fl4j.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;

/** Makes picocli's parse errors more helpful where fl4j knows the valid choices. */
final class UsageHints {

    private UsageHints() {
    }

    static String explain(ParameterException ex) {
        if (ex instanceof MissingParameterException missing) {
            for (var arg : missing.getMissing()) {
                if (arg instanceof OptionSpec opt && opt.completionCandidates() != null) {
                    StringBuilder choices = new StringBuilder();
                    for (String c : opt.completionCandidates()) {
                        choices.append(choices.length() == 0 ? "" : ", ").append(c);
                    }
                    if (choices.length() > 0) {
                        return "Missing option '" + opt.longestName() + "'. Choose from: " + choices + ".";
                    }
                }
            }
        }
        return ex.getMessage();
    }
}
