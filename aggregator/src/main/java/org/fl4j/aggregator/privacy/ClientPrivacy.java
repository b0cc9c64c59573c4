package org.fl4j.aggregator.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.fl4j.plan.PrivacySettings;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.NoiseCalibration;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import org.fl4j.privacy.accounting.PrivacyLedger;
import org.fl4j.privacy.accounting.UnreachableEpsilonException;
import org.fl4j.privacy.distributed.DistributedGaussian;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-level differential privacy at the aggregator (DP-FedAvg, McMahan et al. 2018): the noise, the clip
 * norm (fixed or adaptive) and the accountant of the federation. Each round is one Gaussian mechanism on the
 * sum of clipped updates with noise multiplier z, composed in the plan's accountant at sampling rate q: the
 * rate of the assigner's secret Poisson sampling ({@code assigner.settings.poisson_sampling}), or 1 when the
 * assigner's groups are drawn from the plan's seed, which every collaborator knows, or have a fixed size: those
 * are not the secret Poisson sampling that amplification by subsampling needs. The sum is divided by m, the
 * number of collaborators the assigner gives a training task each round (under Poisson sampling the number
 * expected, a fixed denominator whatever the draw).
 *
 * <p>The accountant's ledger and the clip norm go into the checkpoint ({@link #state()}), and every release
 * into the {@link ReleaseJournal} before the model leaves the aggregator. Rounds run one at a time: the lock
 * of the aggregator's federation guards every call.
 */
final class ClientPrivacy {

    static final Logger LOG = LoggerFactory.getLogger(ClientPrivacy.class);
    /** Checkpoint key of the accountant's ledger ({@link PrivacyLedger#encode()}). */
    static final String LEDGER = "privacy.client.ledger";
    /** Checkpoint key of the clip norm of the next round. */
    static final String CLIP = "privacy.client.clip_norm";

    private final PrivacySettings settings;
    private final String federation;
    private final AccountantKind kind;
    private final double z;
    private final double zDelta;
    private final double countStddev;
    private final Optional<AdaptiveClip> adaptive;
    private final int participants;
    /** The sampling rate every round is accounted at. */
    private final double rate;
    private final int collaborators;
    /** Whether the sites add the noise under secure aggregation (distributed DP) rather than this aggregator. */
    private final boolean distributed;
    private final java.nio.file.Path journalFile;
    private ReleaseJournal journal;
    private PrivacyAccountant spent;
    private double clip;
    private long round;
    private Map<String, Double> lastMetrics = Map.of();

    ClientPrivacy(PrivacySettings settings, String federation, int rounds, int participants, int collaborators,
            java.nio.file.Path journalFile) {
        this(settings, federation, rounds, participants, 1.0, collaborators, false, journalFile);
    }

    /**
     * @param distributed the sites add their shares of discrete Gaussian noise under secure aggregation: each
     *     round is then accounted with the distributed discrete Gaussian's RDP bound (see
     *     {@link DistributedGaussian}), which needs the RDP accountant and rules out adaptive clipping
     * @param rate the chance of each collaborator to join a round under the assigner's Poisson sampling, else 1
     */
    ClientPrivacy(PrivacySettings settings, String federation, int rounds, int participants, double rate,
            int collaborators, boolean distributed, java.nio.file.Path journalFile) {
        if (participants < 1) {
            throw new IllegalArgumentException("privacy.settings.level client: the assigner gives no collaborator a"
                    + " training task, so there is nothing to protect");
        }
        this.settings = settings;
        this.federation = federation;
        this.kind = AccountantKind.ofPlanName(settings.accountant().planName());
        this.distributed = distributed;
        if (distributed && (kind != AccountantKind.RDP || settings.adaptiveClipping().isPresent())) {
            throw new IllegalArgumentException("privacy.settings.level client with secure aggregation needs"
                    + " accountant rdp and no adaptive_clipping, found accountant " + kind.planName()
                    + (settings.adaptiveClipping().isPresent() ? " and adaptive_clipping" : ""));
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("the sampling rate must be in (0, 1], found " + rate);
        }
        if (distributed && rate < 1) {
            throw new IllegalArgumentException("privacy.settings.level client with secure aggregation cannot take"
                    + " assigner.settings.poisson_sampling: each site's share of the noise is set for a known number"
                    + " of participants, and a Poisson round's is random");
        }
        double empty = rounds * Math.pow(1 - rate, collaborators);
        if (rate < 1 && empty > settings.targetDelta() / 100) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "assigner.settings.poisson_sampling at"
                    + " rate %s of %d collaborators draws nobody in one of %d rounds with probability %.3g, above"
                    + " privacy.settings.target_delta / 100 (%.3g): a round that trains nobody releases no noisy"
                    + " model, which the accountant does not cover; raise the rate or the collaborators", fmt(rate),
                    collaborators, rounds, empty, settings.targetDelta() / 100));
        }
        this.participants = participants;
        this.rate = rate;
        this.collaborators = collaborators;
        this.journalFile = journalFile;
        this.z = noiseMultiplier(settings, kind, rounds, rate);
        this.adaptive = settings.adaptiveClipping()
                .map(a -> new AdaptiveClip(a.targetUnclippedQuantile(), a.learningRate()));
        this.countStddev = settings.adaptiveClipping()
                .map(a -> a.clippedCountStddev().orElse(participants / 20.0)).orElse(0.0);
        this.zDelta = adaptive.isPresent() ? AdaptiveClip.sumNoise(z, countStddev) : z;
        this.spent = PrivacyAccountant.create(kind);
        this.clip = settings.clipNorm();
    }

    private static double noiseMultiplier(PrivacySettings s, AccountantKind kind, int rounds, double rate) {
        if (s.noiseMultiplier().isPresent()) {
            return s.noiseMultiplier().getAsDouble();
        }
        double target = s.targetEpsilon().orElseThrow(() -> new IllegalArgumentException(
                "privacy.settings: client level needs noise_multiplier or target_epsilon"));
        try {
            double sigma = NoiseCalibration.noiseMultiplier(kind, target, s.targetDelta(), rate, rounds);
            LOG.info("Client-level DP: noise multiplier {} calibrated to reach epsilon {} at delta {} after {} rounds"
                    + " at sampling rate {} ({} accountant)", fmt(sigma), target, s.targetDelta(), rounds, rate,
                    kind.planName());
            return sigma;
        } catch (UnreachableEpsilonException e) {
            throw new IllegalArgumentException("privacy.settings.target_epsilon " + target + " cannot be reached in"
                    + " aggregator.settings.rounds_to_train " + rounds + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the journal, restores the checkpoint's ledger and clip norm (none for a new federation) and
     * composes the releases the journal holds beyond them. Called once, before the first round runs.
     */
    void restore(Map<String, String> state, long nextRound) throws IOException {
        journal = ReleaseJournal.load(journalFile);
        round = nextRound;
        PrivacyLedger ledger;
        try {
            ledger = PrivacyLedger.decode(state.getOrDefault(LEDGER, ""));
            if (state.containsKey(CLIP)) {
                clip = Double.parseDouble(state.get(CLIP));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("the checkpoint's client-level privacy state does not read: " + e.getMessage(), e);
        }
        List<ReleaseJournal.Line> released = journal.of(federation);
        long saved = ledger.steps();
        if (released.size() < saved) {
            throw new IOException(journal.file() + " lists " + released.size() + " released rounds of federation "
                    + federation + ", but the checkpoint's ledger counts " + saved + ": restore the file from a"
                    + " backup");
        }
        PrivacyAccountant a = PrivacyAccountant.create(kind).replay(ledger);
        for (ReleaseJournal.Line l : released.subList((int) saved, released.size())) {
            LOG.warn("Round {}'s noisy model left the aggregator before its checkpoint was written ({}): its privacy"
                    + " spend counts", l.round(), journal.file());
            a = a.compose(l.event(), 1);
        }
        spent = a;
    }

    /** What the checkpoint keeps: the ledger and the next round's clip norm. */
    Map<String, String> state() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(LEDGER, spent.ledger().encode());
        out.put(CLIP, Double.toString(clip));
        return out;
    }

    /** The event of one round. */
    private PoissonGaussian event() {
        return new PoissonGaussian(rate, distributed ? DistributedGaussian.accountedNoiseMultiplier(z) : z);
    }

    /** Epsilon spent so far at the plan's delta. */
    double epsilon() {
        return spent.epsilon(settings.targetDelta());
    }

    /** The epsilon after one more round. */
    double epsilonNext() {
        return spent.epsilonAfter(event(), 1, settings.targetDelta());
    }

    /** Why round {@code r} must not run (the budget), or empty. */
    Optional<String> budgetStop(long r) {
        OptionalDouble max = settings.maxEpsilon();
        if (max.isEmpty()) {
            return Optional.empty();
        }
        double next = epsilonNext();
        if (next <= max.getAsDouble()) {
            return Optional.empty();
        }
        return Optional.of("the client-level privacy budget is spent: round " + r + " would take epsilon from "
                + fmt(epsilon()) + " to " + fmt(next) + " at delta " + settings.targetDelta()
                + ", above privacy.settings.max_epsilon " + max.getAsDouble());
    }

    /** The first round's check: a budget that cannot pay for one round is a plan mistake. */
    void checkStart() {
        double first = PrivacyAccountant.create(kind).epsilonAfter(event(), 1, settings.targetDelta());
        OptionalDouble max = settings.maxEpsilon();
        if (max.isPresent() && first > max.getAsDouble()) {
            throw new IllegalArgumentException("privacy.settings.max_epsilon " + max.getAsDouble() + " cannot pay for"
                    + " one round: noise multiplier " + fmt(z) + " spends epsilon " + fmt(first) + " at delta "
                    + settings.targetDelta() + " in the first; raise max_epsilon or the noise");
        }
        if (distributed) {
            LOG.info("Client-level DP under secure aggregation (distributed discrete Gaussian): each of the {}"
                    + " collaborators of a round clips its update to {} and adds its share of noise multiplier {},"
                    + " calibrated for the fewest survivors secure aggregation unmasks; the noisy sum is divided by {};"
                    + " sampling rate 1, rdp accountant, delta {}; epsilon {} spent, {} after the next round{}",
                    participants, fmt(clip), fmt(z), participants, settings.targetDelta(), fmt(epsilon()),
                    fmt(epsilonNext()), settings.maxEpsilon().isPresent() ? ", budget max_epsilon "
                    + settings.maxEpsilon().getAsDouble() : "");
            return;
        }
        LOG.info("Client-level DP (DP-FedAvg): noise multiplier {}{} on the sum of updates clipped to {}{}, divided by"
                + " {} expected participants of {} collaborators; sampling rate {}{}, {} accountant, delta {};"
                + " epsilon {} spent, {} after the next round{}", fmt(z), adaptive.isPresent() ? " (" + fmt(zDelta)
                + " on the sum, " + fmt(countStddev) + " on the unclipped count)" : "", fmt(clip),
                adaptive.map(a -> " (adaptive, towards the " + a.quantile() + " quantile)").orElse(""), participants,
                collaborators, fmt(rate), rate < 1 ? " (secret Poisson sampling)" : "", kind.planName(),
                settings.targetDelta(), fmt(epsilon()), fmt(epsilonNext()),
                settings.maxEpsilon().isPresent() ? ", budget max_epsilon " + settings.maxEpsilon().getAsDouble() : "");
    }

    void beginRound(long r) {
        round = r;
    }

    /** The numbers of the round about to combine updates. */
    RoundPlan roundPlan(long parameters) {
        return RoundPlan.of(clip, zDelta, participants, collaborators, parameters, countStddev);
    }

    /** The round's noisy average exists: record the release durably, compose it, move the clip norm. */
    void released(int came, double noisyUnclipped) {
        PrivacyAccountant now = spent.compose(event(), 1);
        double epsilon = now.epsilon(settings.targetDelta());
        try {
            journal.append(new ReleaseJournal.Line(federation, round, rate, event().noiseMultiplier(), clip, came,
                    epsilon, settings.targetDelta()));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("could not record round " + round + "'s privacy spend in "
                    + journal.file() + " (" + e.getMessage() + "): its model is not released", e));
        }
        spent = now;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("epsilon", epsilon);
        metrics.put("clip_norm", clip);
        double used = clip;
        if (adaptive.isPresent()) {
            metrics.put("unclipped_fraction", noisyUnclipped);
            clip = adaptive.get().next(clip, noisyUnclipped);
        }
        lastMetrics = metrics;
        LOG.info("Round {}: client-level DP: epsilon {} at delta {} after {} rounds ({} of {} expected updates,"
                + " clipped to {}, noise multiplier {}){}", round, fmt(epsilon), settings.targetDelta(),
                spent.ledger().steps(), came, participants, fmt(used), fmt(z), adaptive.isPresent()
                ? "; noised unclipped fraction " + fmt(noisyUnclipped) + ", next clip norm " + fmt(clip) : "");
    }

    /** The metrics of the last release (epsilon, clip_norm, unclipped_fraction), once. */
    Map<String, Double> takeMetrics() {
        Map<String, Double> out = lastMetrics;
        lastMetrics = Map.of();
        return out;
    }

    double noiseMultiplier() {
        return z;
    }

    double clipNorm() {
        return clip;
    }

    boolean distributed() {
        return distributed;
    }

    /** The fixed divisor of the sum: the collaborators the assigner gives a train task each round. */
    int participants() {
        return participants;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
