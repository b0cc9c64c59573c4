package org.fl4j.privacy.accounting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PLD accountant. Each distinct event of the ledger is discretised ({@link SubsampledGaussianPld}) and
 * self-composed its number of times, the results are composed together, and epsilon is read off for each
 * direction of add-or-remove neighbouring (the larger one counts).
 *
 * <p>The grid interval is dp-accounting's 1e-4 wherever the composed distribution spans between 2^12 and
 * 2^19 grid points; narrower distributions (much noise, few steps) get a finer grid so at least 2^12 points
 * cover them, wider ones (little noise, many steps, epsilons in the hundreds) a coarser grid so at most 2^19
 * do, which bounds time and memory (two double arrays of at most 2^20). The span is estimated from Chernoff
 * bounds on a coarse (2,048-point) discretisation of each event. Every choice is pessimistic: a coarser grid
 * can only raise epsilon.
 */
final class PldAccountant implements PrivacyAccountant {

    static final double DEFAULT_INTERVAL = 1e-4;
    static final int MIN_POINTS = 1 << 12;
    static final int MAX_POINTS = 1 << 19;
    private static final int COARSE_POINTS = 2048;
    private static final Logger LOG = LoggerFactory.getLogger(PldAccountant.class);

    private final PrivacyLedger ledger;
    private volatile Composed composed;

    /** The composed distributions: REMOVE, and ADD when it differs (some q < 1), on a grid of {@code h}. */
    private record Composed(PldPmf remove, PldPmf add, double h) {
    }

    PldAccountant(PrivacyLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public AccountantKind kind() {
        return AccountantKind.PLD;
    }

    @Override
    public PrivacyAccountant compose(PoissonGaussian event, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, found " + count);
        }
        return count == 0 ? this : new PldAccountant(ledger.plus(event, count));
    }

    @Override
    public double epsilon(double delta) {
        Events.checkDelta(delta);
        Composed c = composed();
        double eps = c.remove().epsilon(delta, c.h());
        return c.add() == null ? eps : Math.max(eps, c.add().epsilon(delta, c.h()));
    }

    /** The hockey-stick divergence at {@code epsilon} (the larger of the two directions). */
    double delta(double epsilon) {
        Composed c = composed();
        double d = c.remove().delta(epsilon, c.h());
        return c.add() == null ? d : Math.max(d, c.add().delta(epsilon, c.h()));
    }

    /** The grid interval used. */
    double interval() {
        return composed().h();
    }

    private Composed composed() {
        Composed c = composed;
        if (c == null) {
            long start = System.nanoTime();
            c = compute(Events.grouped(ledger));
            composed = c;
            LOG.debug("PLD of {} composed on a grid of {} in {} ms", ledger.encode(), c.h(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        return c;
    }

    private static Composed compute(Map<PoissonGaussian, Long> groups) {
        boolean symmetric = groups.keySet().stream().allMatch(e -> e.samplingRate() == 1);
        double h = interval(groups);
        PldPmf remove = null;
        PldPmf add = null;
        for (Map.Entry<PoissonGaussian, Long> g : groups.entrySet()) {
            PldPmf r = new SubsampledGaussianPld(g.getKey(), SubsampledGaussianPld.Direction.REMOVE).discretise(h)
                    .selfCompose(g.getValue());
            remove = remove == null ? r : remove.compose(r);
            if (!symmetric) {
                PldPmf a = g.getKey().samplingRate() == 1 ? r : new SubsampledGaussianPld(g.getKey(),
                        SubsampledGaussianPld.Direction.ADD).discretise(h).selfCompose(g.getValue());
                add = add == null ? a : add.compose(a);
            }
        }
        if (remove == null) {
            remove = PldPmf.identity();
        }
        return new Composed(remove, add, h);
    }

    /** The grid interval for these events (see the class comment). */
    static double interval(Map<PoissonGaussian, Long> groups) {
        double span = 0;
        double widest = 0;
        for (Map.Entry<PoissonGaussian, Long> g : groups.entrySet()) {
            double groupSpan = 0;
            for (SubsampledGaussianPld one : directions(g.getKey())) {
                double width = one.upperLoss() - one.lowerLoss();
                widest = Math.max(widest, width);
                double coarse = width / COARSE_POINTS;
                PldPmf pmf = one.discretise(coarse);
                long[] bounds = pmf.chernoffBounds(g.getValue());
                groupSpan = Math.max(groupSpan, (bounds[1] - bounds[0] + 1) * coarse);
            }
            span += groupSpan;
        }
        if (span == 0) {
            return DEFAULT_INTERVAL;
        }
        double h = Math.min(DEFAULT_INTERVAL, span / MIN_POINTS);
        return Math.max(h, Math.max(span / MAX_POINTS, widest / MAX_POINTS));
    }

    private static List<SubsampledGaussianPld> directions(PoissonGaussian event) {
        List<SubsampledGaussianPld> out = new ArrayList<>();
        out.add(new SubsampledGaussianPld(event, SubsampledGaussianPld.Direction.REMOVE));
        if (event.samplingRate() < 1) {
            out.add(new SubsampledGaussianPld(event, SubsampledGaussianPld.Direction.ADD));
        }
        return out;
    }

    @Override
    public PrivacyLedger ledger() {
        return ledger;
    }

    @Override
    public String toString() {
        return "PldAccountant[" + ledger.encode() + "]";
    }
}
