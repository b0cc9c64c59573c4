package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** fx privacy epsilon and fx privacy calibrate: results, JSON, and one clear line for every bad input. */
class PrivacyCommandsTest {

    private final FxRunner fx = new FxRunner();

    @Test
    void epsilon_printsPldEpsilonByDefault() {
        assertThat(fx.run("privacy", "epsilon", "--noise-multiplier", "1.1", "--sampling-rate", "0.01", "--steps",
                "10000", "--delta", "1e-5")).as(fx.err()).isEqualTo(Fx.OK);

        assertThat(fx.out()).isEqualTo("epsilon 5.1926 at delta 1.0E-5 (pld accountant: 10000 steps at sampling rate"
                + " 0.01, noise multiplier 1.1)\n");
    }

    @Test
    void epsilon_rdpAsJson() {
        assertThat(fx.run("privacy", "epsilon", "-z", "1", "-q", "1", "-t", "1", "-d", "1e-5", "--accountant", "rdp",
                "--format", "json")).as(fx.err()).isEqualTo(Fx.OK);

        assertThat(fx.out()).startsWith("{\"accountant\":\"rdp\",\"noise_multiplier\":1.0,\"sampling_rate\":1.0,"
                + "\"steps\":1,\"delta\":1.0E-5,\"epsilon\":4.7285").endsWith("}\n");
    }

    @Test
    void calibrate_printsTheNoiseMultiplierAndTheEpsilonItReaches() {
        assertThat(fx.run("privacy", "calibrate", "--epsilon", "4.7285", "--sampling-rate", "1", "--steps", "1",
                "--delta", "1e-5", "--accountant", "rdp")).as(fx.err()).isEqualTo(Fx.OK);

        assertThat(fx.out()).matches("noise multiplier 1\\.00\\d* \\(epsilon 4\\.72\\d\\d at delta 1\\.0E-5, target"
                + " 4\\.7285; rdp accountant: 1 step at sampling rate 1\\.0\\)\n");
    }

    @Test
    void calibrate_json() {
        assertThat(fx.run("privacy", "calibrate", "-e", "2", "-q", "0.1", "-t", "10", "-d", "1e-5", "--format",
                "json")).as(fx.err()).isEqualTo(Fx.OK);

        assertThat(fx.out()).startsWith("{\"accountant\":\"pld\",\"epsilon\":2.0,\"sampling_rate\":0.1,\"steps\":10,"
                + "\"delta\":1.0E-5,\"noise_multiplier\":").contains("\"epsilon_reached\":1.99");
    }

    @Test
    void badRanges_areUsageErrorsNamingTheOption() {
        usage("--noise-multiplier must be a positive number, found 0.0", "epsilon", "-z", "0", "-q", "0.1", "-t",
                "10", "-d", "1e-5");
        usage("--noise-multiplier must be a positive number, found -1.0", "epsilon", "-z", "-1", "-q", "0.1", "-t",
                "10", "-d", "1e-5");
        usage("--sampling-rate must be in (0, 1], found 1.5", "epsilon", "-z", "1", "-q", "1.5", "-t", "10", "-d",
                "1e-5");
        usage("--sampling-rate must be in (0, 1], found 0.0", "calibrate", "-e", "1", "-q", "0", "-t", "10", "-d",
                "1e-5");
        usage("--delta must be in (0, 1), found 1.0", "epsilon", "-z", "1", "-q", "0.1", "-t", "10", "-d", "1");
        usage("--delta must be in (0, 1), found 0.0", "calibrate", "-e", "1", "-q", "0.1", "-t", "10", "-d", "0");
        usage("--steps must be >= 1, found 0", "epsilon", "-z", "1", "-q", "0.1", "-t", "0", "-d", "1e-5");
        usage("--epsilon must be a positive number, found -2.0", "calibrate", "-e", "-2", "-q", "0.1", "-t", "10",
                "-d", "1e-5");
        usage("--accountant must be pld or rdp, found 'moments'", "epsilon", "-z", "1", "-q", "0.1", "-t", "10", "-d",
                "1e-5", "--accountant", "moments");
    }

    @Test
    void missingOrNonNumericOption_isUsageError() {
        assertThat(fx.run("privacy", "epsilon", "-q", "0.1", "-t", "10", "-d", "1e-5")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("--noise-multiplier");
        assertThat(fx.run("privacy", "epsilon", "-z", "lots", "-q", "0.1", "-t", "10", "-d", "1e-5")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("lots");
    }

    @Test
    void unreachableEpsilon_failsWithOneLineAndNoStackTrace() {
        assertThat(fx.run("privacy", "calibrate", "-e", "0.0001", "-q", "1", "-t", "100000", "-d", "1e-5",
                "--accountant", "rdp")).isEqualTo(Fx.FAILURE);

        assertThat(fx.err()).startsWith("Error: no noise multiplier up to 10000 reaches epsilon 1.0E-4 at delta 1.0E-5")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(fx.out()).isEmpty();
    }

    private void usage(String message, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "privacy";
        System.arraycopy(args, 0, full, 1, args.length);

        assertThat(fx.run(full)).as(String.join(" ", full)).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).as(String.join(" ", full)).startsWith("Error: " + message + "\n").contains("--help");
        assertThat(fx.out()).isEmpty();
    }
}
