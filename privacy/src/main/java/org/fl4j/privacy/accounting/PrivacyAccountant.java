package org.fl4j.privacy.accounting;

/**
 * Tracks the privacy spent by a sequence of Poisson-subsampled Gaussian steps and answers epsilon for a
 * delta. Accountants are immutable values: {@link #compose} returns a new accountant and leaves this one
 * as it was, so "what would epsilon be after the next round?" is {@code accountant.epsilonAfter(step,
 * stepsPerRound, delta)} (or {@code compose(...).epsilon(...)}) and commits nothing; the caller keeps the
 * composed accountant once the round has really run. Instances are safe to share between threads.
 *
 * <p>An accountant is fully described by its {@link #ledger()}: write the ledger into a checkpoint and
 * restore with {@code PrivacyAccountant.create(kind).replay(ledger)}.
 *
 * <p>{@link #epsilon} computes from the whole ledger each time it is called on a new accountant (the result
 * is remembered per delta-independent state, so repeated calls are cheap): the PLD accountant takes well
 * under a second for 10,000 identical steps (see docs/benchmarks.md), the RDP accountant milliseconds.
 * Identical events anywhere in the ledger are composed together (composition is commutative), so a ledger
 * of one kind of step costs one self-composition however many rounds it spans.
 */
public sealed interface PrivacyAccountant permits PldAccountant, RdpAccountant {

    /** An empty accountant of the given kind. */
    static PrivacyAccountant create(AccountantKind kind) {
        return switch (kind) {
            case PLD -> new PldAccountant(PrivacyLedger.empty());
            case RDP -> new RdpAccountant(PrivacyLedger.empty());
        };
    }

    /** An empty PLD accountant, the default kind. */
    static PrivacyAccountant create() {
        return create(AccountantKind.PLD);
    }

    AccountantKind kind();

    /**
     * This accountant's events followed by {@code count} steps of {@code event}, as a new accountant (this
     * one is unchanged). A count of 0 returns this accountant.
     *
     * @throws IllegalArgumentException if count is negative
     */
    PrivacyAccountant compose(PoissonGaussian event, long count);

    /** This accountant's events followed by every entry of {@code ledger}, as a new accountant. */
    default PrivacyAccountant replay(PrivacyLedger ledger) {
        PrivacyAccountant out = this;
        for (PrivacyLedger.Entry e : ledger.entries()) {
            out = out.compose(e.event(), e.count());
        }
        return out;
    }

    /**
     * The smallest epsilon (>= 0) for which everything composed so far is (epsilon, delta)-differentially
     * private under add-or-remove-one neighbouring; {@code Double.POSITIVE_INFINITY} when no finite epsilon
     * reaches {@code delta}. 0 for an accountant that has composed nothing.
     *
     * @param delta in (0, 1)
     */
    double epsilon(double delta);

    /** The epsilon after {@code count} more steps of {@code event}, without changing this accountant. */
    default double epsilonAfter(PoissonGaussian event, long count, double delta) {
        return compose(event, count).epsilon(delta);
    }

    /** Everything composed so far, to checkpoint and {@link #replay}. */
    PrivacyLedger ledger();
}
