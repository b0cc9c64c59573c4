package org.fl4j.secagg.graph;

/**
 * How many neighbours and what threshold a round uses. With k neighbours and threshold t (more than half of
 * k), a participant's secrets stay hidden while fewer than 2t - k of its neighbours collude with the aggregator
 * (even one that lies about who dropped: each honest neighbour reveals one of the two secrets, never both), and
 * can be recovered while at most k - t of its neighbours fail.
 *
 * <p>{@code neighbours: auto} gives the complete graph up to {@value #COMPLETE_UP_TO} participants, where those
 * bounds hold deterministically. Above it, k is the smallest even number for which, with participants placed
 * uniformly at random by the round seed, a design fraction {@value #DESIGN_CORRUPT} of colluding participants
 * and {@value #DESIGN_DROPOUT} of dropouts (on top of the colluders, who may refuse to help) break a
 * participant's privacy with probability at most 2^-{@value #SECURITY_BITS} and stop the round with
 * probability at most 2^-{@value #CORRECTNESS_BITS}, over every participant (union bound). A participant's k
 * neighbours are a uniformly random k-subset of the others, so the number of colluders or failures among them is
 * hypergeometric; the tails are summed exactly (in logarithms) here. This follows the analysis of Bell et al.
 * (CCS 2020) for the per-participant events; their further bound on graph connectivity is not recomputed (the
 * threshold rule above keeps at least k/3 honest surviving neighbours around every honest survivor).
 */
public final class GraphSizing {

    /** Largest round that gets the complete graph under {@code neighbours: auto}. */
    public static final int COMPLETE_UP_TO = 100;
    public static final double DESIGN_CORRUPT = 0.1;
    public static final double DESIGN_DROPOUT = 0.1;
    public static final int SECURITY_BITS = 40;
    public static final int CORRECTNESS_BITS = 20;
    private static final double EPSILON = 1e-9;

    private GraphSizing() {
    }

    /** The threshold for k neighbours: ceil(fraction x k), at least 1. */
    public static int threshold(int k, double fraction) {
        return Math.max(1, (int) Math.ceil(fraction * k - EPSILON));
    }

    /** The neighbours of {@code neighbours: auto} for a round of n participants. */
    public static int autoNeighbours(int n, double fraction) {
        if (n <= COMPLETE_UP_TO) {
            return n - 1;
        }
        LogFactorials lf = new LogFactorials(n);
        for (int k = 2; k < n - 1; k += 2) {
            if (holds(lf, n, k, threshold(k, fraction))) {
                return k;
            }
        }
        return n - 1;
    }

    /** The neighbours a round uses: {@code configured} (empty for auto) capped at n - 1. */
    public static int neighbours(int n, java.util.OptionalInt configured, double fraction) {
        return configured.isPresent() ? Math.min(configured.getAsInt(), n - 1) : autoNeighbours(n, fraction);
    }

    /** log2 of the union-bounded probability that some participant has at least 2t - k colluding neighbours. */
    public static double log2PrivacyFailure(int n, int k, int t, double corrupt) {
        LogFactorials lf = new LogFactorials(n);
        return log2(n) + lf.log2Tail(n - 1, (int) (corrupt * n), k, 2 * t - k);
    }

    /** log2 of the union-bounded probability that some participant keeps fewer than t working neighbours. */
    public static double log2RoundFailure(int n, int k, int t, double failing) {
        LogFactorials lf = new LogFactorials(n);
        return log2(n) + lf.log2Tail(n - 1, (int) (failing * n), k, k - t + 1);
    }

    private static boolean holds(LogFactorials lf, int n, int k, int t) {
        double privacy = log2(n) + lf.log2Tail(n - 1, (int) (DESIGN_CORRUPT * n), k, 2 * t - k);
        double round = log2(n) + lf.log2Tail(n - 1, (int) ((DESIGN_CORRUPT + DESIGN_DROPOUT) * n), k, k - t + 1);
        return privacy <= -SECURITY_BITS && round <= -CORRECTNESS_BITS;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** ln(i!) for i up to n, and hypergeometric tails computed from them. */
    static final class LogFactorials {
        private final double[] ln;

        LogFactorials(int n) {
            ln = new double[n + 1];
            for (int i = 2; i <= n; i++) {
                ln[i] = ln[i - 1] + Math.log(i);
            }
        }

        double lnChoose(int n, int k) {
            return ln[n] - ln[k] - ln[n - k];
        }

        /** log2 P[X >= x] for X hypergeometric: {@code draws} from {@code population} holding {@code marked}. */
        double log2Tail(int population, int marked, int draws, int x) {
            if (x <= 0) {
                return 0;
            }
            double lnTotal = lnChoose(population, draws);
            double max = Double.NEGATIVE_INFINITY;
            int hi = Math.min(marked, draws);
            double[] terms = new double[Math.max(0, hi - x + 1)];
            for (int i = x; i <= hi; i++) {
                if (draws - i > population - marked) {
                    terms[i - x] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                terms[i - x] = lnChoose(marked, i) + lnChoose(population - marked, draws - i) - lnTotal;
                max = Math.max(max, terms[i - x]);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                return Double.NEGATIVE_INFINITY;
            }
            double sum = 0;
            for (double term : terms) {
                sum += Math.exp(term - max);
            }
            return (max + Math.log(sum)) / Math.log(2);
        }
    }
}
