package org.fl4j.collaborator.data;

import java.util.SplittableRandom;

/** Gamma(shape, 1) samples (Marsaglia and Tsang's method), the building block of Dirichlet draws. */
final class Gamma {

    private Gamma() {
    }

    static double sample(double shape, SplittableRandom rng) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) * U^(1/a) for a < 1
            double u = rng.nextDouble();
            return sample(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian(rng);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
