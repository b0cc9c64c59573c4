package org.fl4j.privacy.accounting;

/**
 * From Rényi DP to (epsilon, delta): for each order a > 1.01 with RDP r, epsilon = r + log(1 - 1/a) -
 * log(delta a) / (a - 1) (Canonne, Kamath and Steinke 2020, Proposition 12; Asoodeh et al. 2020), the
 * conversion Google's dp-accounting uses, minimised over the orders; epsilon is 0 when the KL bound already
 * gives delta (delta^2 >= 1 - e^(-r)).
 */
final class RdpConversion {

    private static final double MIN_ORDER = 1.01;

    private RdpConversion() {
    }

    static double epsilon(double[] orders, double[] rdp, double delta) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double r = rdp[i];
            double eps;
            if (r < 0 || delta * delta + Math.expm1(-r) > 0) {
                eps = 0;
            } else if (a > MIN_ORDER) {
                eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
            } else {
                eps = Double.POSITIVE_INFINITY;
            }
            if (!Double.isNaN(eps)) {
                best = Math.min(best, eps);
            }
        }
        return Math.max(0, best);
    }
}
