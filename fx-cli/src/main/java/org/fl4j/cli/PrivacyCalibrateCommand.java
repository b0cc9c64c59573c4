package org.fl4j.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.concurrent.Callable;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.NoiseCalibration;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx privacy calibrate}: the smallest noise multiplier that keeps T steps within epsilon at delta. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Print the smallest noise multiplier that meets a target epsilon.",
            "Searched to within 0.1%% and rounded up to 5 significant digits; the epsilon it gives is printed too."
                + " A target no noise multiplier up to 10000 reaches fails with exit code 1.",
            "Example: fx privacy calibrate --epsilon 3 --sampling-rate 0.004 --steps 1250 --delta 1e-5"})
final class PrivacyCalibrateCommand implements Callable<Integer> {

    @Option(names = {"-e", "--epsilon"}, required = true, paramLabel = "E", description = "Target epsilon, > 0.")
    double epsilon;

    @Mixin
    PrivacyOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AccountantKind kind = options.validate(spec);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw PrivacyOptions.usage(spec, "--epsilon must be a positive number, found " + epsilon);
        }
        double found = NoiseCalibration.noiseMultiplier(kind, epsilon, options.delta, options.samplingRate,
                options.steps);
        // Printed rounded up, so the printed multiplier itself meets the target; its epsilon is shown.
        double z = new BigDecimal(found).round(new MathContext(5, RoundingMode.CEILING)).doubleValue();
        double reached = PrivacyAccountant.create(kind).compose(new PoissonGaussian(options.samplingRate, z),
                options.steps).epsilon(options.delta);
        if (options.format == PrivacyOptions.Format.JSON) {
            spec.commandLine().getOut().println("{\"accountant\":\"" + PrivacyOptions.name(kind) + "\",\"epsilon\":"
                    + epsilon + ",\"sampling_rate\":" + options.samplingRate + ",\"steps\":" + options.steps
                    + ",\"delta\":" + options.delta + ",\"noise_multiplier\":" + z + ",\"epsilon_reached\":"
                    + PrivacyOptions.json(reached) + "}");
        } else {
            spec.commandLine().getOut().printf("noise multiplier %s (epsilon %.4f at delta %s, target %s; %s"
                    + " accountant: %d step%s at sampling rate %s)%n", z, reached, options.delta, epsilon,
                    PrivacyOptions.name(kind), options.steps, options.steps == 1 ? "" : "s", options.samplingRate);
        }
        return Fx.OK;
    }
}
