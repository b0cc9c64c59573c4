package org.fl4j.cli;

import java.util.concurrent.Callable;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx privacy epsilon}: the epsilon of T Poisson-subsampled Gaussian steps at a delta. */
@Command(name = "epsilon", mixinStandardHelpOptions = true,
        description = {"Print the epsilon of a DP training at a delta.",
            "T steps that each sample records (or collaborators) with probability Q and add Gaussian noise of Z"
                + " times the clip norm, accounted for by privacy loss distributions (default) or Rényi DP.",
            "Example: fx privacy epsilon --noise-multiplier 1.1 --sampling-rate 0.01 --steps 10000 --delta 1e-5"})
final class PrivacyEpsilonCommand implements Callable<Integer> {

    @Option(names = {"-z", "--noise-multiplier"}, required = true, paramLabel = "Z",
            description = "Noise standard deviation over the clip norm, > 0.")
    double noiseMultiplier;

    @Mixin
    PrivacyOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AccountantKind kind = options.validate(spec);
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw PrivacyOptions.usage(spec, "--noise-multiplier must be a positive number, found " + noiseMultiplier);
        }
        double epsilon = PrivacyAccountant.create(kind)
                .compose(new PoissonGaussian(options.samplingRate, noiseMultiplier), options.steps).epsilon(options.delta);
        if (options.format == PrivacyOptions.Format.JSON) {
            spec.commandLine().getOut().println("{\"accountant\":\"" + PrivacyOptions.name(kind) + "\",\"noise_multiplier\":"
                    + noiseMultiplier + ",\"sampling_rate\":" + options.samplingRate + ",\"steps\":" + options.steps
                    + ",\"delta\":" + options.delta + ",\"epsilon\":" + PrivacyOptions.json(epsilon) + "}");
        } else {
            spec.commandLine().getOut().printf("epsilon %s at delta %s (%s accountant: %d step%s at sampling rate %s,"
                    + " noise multiplier %s)%n", Double.isFinite(epsilon) ? String.format("%.4f", epsilon) : "infinite",
                    options.delta, PrivacyOptions.name(kind), options.steps, options.steps == 1 ? "" : "s", options.samplingRate, noiseMultiplier);
        }
        return Fx.OK;
    }
}
