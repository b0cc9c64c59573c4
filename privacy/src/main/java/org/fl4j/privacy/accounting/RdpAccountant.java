package org.fl4j.privacy.accounting;

import java.util.Map;

/**
 * The RDP accountant: the Rényi divergence of every step at each order of {@link SubsampledGaussianRdp#ORDERS},
 * added over the steps, turned into epsilon for a delta by {@link RdpConversion}.
 */
final class RdpAccountant implements PrivacyAccountant {

    private final PrivacyLedger ledger;
    private volatile double[] total;

    RdpAccountant(PrivacyLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public AccountantKind kind() {
        return AccountantKind.RDP;
    }

    @Override
    public PrivacyAccountant compose(PoissonGaussian event, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, found " + count);
        }
        return count == 0 ? this : new RdpAccountant(ledger.plus(event, count));
    }

    @Override
    public double epsilon(double delta) {
        Events.checkDelta(delta);
        return RdpConversion.epsilon(SubsampledGaussianRdp.ORDERS, rdp(), delta);
    }

    /** The composed RDP at each order. */
    double[] rdp() {
        double[] t = total;
        if (t == null) {
            t = new double[SubsampledGaussianRdp.ORDERS.length];
            for (Map.Entry<PoissonGaussian, Long> e : Events.grouped(ledger).entrySet()) {
                double[] one = SubsampledGaussianRdp.rdp(e.getKey());
                for (int i = 0; i < t.length; i++) {
                    t[i] += e.getValue() * one[i];
                }
            }
            total = t;
        }
        return t;
    }

    @Override
    public PrivacyLedger ledger() {
        return ledger;
    }

    @Override
    public String toString() {
        return "RdpAccountant[" + ledger.encode() + "]";
    }
}
