package org.fl4j.collaborator.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.collaborator.spi.DpSgdSteps;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TrainingProgress;
import org.fl4j.plan.DeltaCheck;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PrivacySettings;
import org.fl4j.plan.TaskSpec;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.NoiseCalibration;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import org.fl4j.privacy.accounting.UnreachableEpsilonException;
import org.fl4j.protocol.model.ModelWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's record-level differential privacy around its task runner: the runner trains with DP-SGD, and this
 * wrapper accounts for it. Before each training it computes the epsilon the training would reach (the
 * site's {@link SiteLedger} composed with this task's Poisson-subsampled Gaussian steps, at the plan's
 * {@code target_delta}) and refuses with a {@link PrivacyBudgetException} if that exceeds
 * {@code max_epsilon}; after it, it appends the training to the ledger on disk (atomically, before the result
 * goes anywhere, so spending counts even if the upload is lost) and reports two metrics with the result:
 * {@code epsilon}, spent so far, and {@code epsilon_next}, what one more round would reach, which the
 * aggregator uses to end the federation before any site's budget runs out. The training's {@code loss} is
 * left out of the result: it is computed from the records without noise, outside the guarantee.
 *
 * <p>{@link #wrap} sets it up when the site starts: the delta check against the site's record count, the
 * noise multiplier (the plan's, or calibrated to {@code target_epsilon} over the planned rounds), and a
 * refusal when the budget cannot pay for one more round. Everything else passes through to the runner.
 */
public final class RecordPrivacy implements TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RecordPrivacy.class);
    /** Metric: epsilon spent so far, after this training, at the plan's target_delta. */
    public static final String EPSILON = "epsilon";
    /** Metric: the epsilon one more round of training would reach. */
    public static final String EPSILON_NEXT = "epsilon_next";

    private final TaskRunner runner;
    private final String collaborator;
    private final String federation;
    private final PrivacySettings settings;
    private final AccountantKind kind;
    private final double noiseMultiplier;
    private final List<DpSgdSteps> round;
    private final SiteLedger ledger;
    private PrivacyAccountant spent;

    private RecordPrivacy(TaskRunner runner, String collaborator, String federation, PrivacySettings settings,
            double noiseMultiplier, List<DpSgdSteps> round, SiteLedger ledger) {
        this.runner = runner;
        this.collaborator = collaborator;
        this.federation = federation;
        this.settings = settings;
        this.kind = AccountantKind.ofPlanName(settings.accountant().planName());
        this.noiseMultiplier = noiseMultiplier;
        this.round = round;
        this.ledger = ledger;
        this.spent = PrivacyAccountant.create(kind).replay(ledger.ledger());
    }

    /**
     * The runner as the plan's privacy section wants it: itself when record-level DP is off; otherwise
     * switched to DP-SGD and wrapped for accounting, with the ledger at {@code save/privacy_ledger_<name>.txt}.
     *
     * @throws IllegalArgumentException a delta too large for the site's records, a target epsilon no noise
     *     reaches, or a runner without DP-SGD
     * @throws PrivacyBudgetException when the budget cannot pay for one more round
     * @throws IOException when the ledger cannot be read
     */
    public static TaskRunner wrap(TaskRunner runner, Plan plan, String collaborator, Path workspace)
            throws IOException {
        PrivacySettings settings = plan.privacy();
        if (settings.level() != PrivacySettings.Level.RECORD) {
            return runner;
        }
        long records = runner.trainingSampleCount();
        DeltaCheck delta = settings.checkDelta(records);
        switch (delta.verdict()) {
            case WARN -> LOG.warn("{}", delta.message());
            case REFUSE -> throw new IllegalArgumentException(delta.message());
            default -> { }
        }
        List<DpSgdSteps> round = roundSteps(runner, plan, collaborator);
        double sigma = noiseMultiplier(settings, round, plan.aggregator().roundsToTrain(), records);
        runner.useDpSgd(new DpSgdConfig(sigma, settings.clipNorm()));
        SiteLedger ledger = SiteLedger.load(SiteLedger.path(workspace, collaborator), collaborator);
        RecordPrivacy wrapped = new RecordPrivacy(runner, collaborator, plan.federationId(), settings, sigma, round,
                ledger);
        wrapped.checkStart();
        return wrapped;
    }

    /** The DP-SGD steps of one round: those of each train task the assigner hands out, in order. */
    private static List<DpSgdSteps> roundSteps(TaskRunner runner, Plan plan, String collaborator) {
        List<DpSgdSteps> out = new ArrayList<>();
        for (String task : plan.assigner().taskNames()) {
            TaskSpec spec = plan.tasks().get(task);
            if (spec != null && spec.isTrain()) {
                out.add(runner.dpSgdSteps(new TaskContext(collaborator, 1, task, spec.kwargs(), OptTreatment.RESET)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("privacy.settings.level: record needs a train task, and the plan's"
                    + " assigner hands out none");
        }
        return out;
    }

    private static double noiseMultiplier(PrivacySettings settings, List<DpSgdSteps> round, int rounds,
            long records) {
        if (settings.noiseMultiplier().isPresent()) {
            return settings.noiseMultiplier().getAsDouble();
        }
        double target = settings.targetEpsilon().orElseThrow(() -> new IllegalArgumentException(
                "privacy.settings: record level needs noise_multiplier or target_epsilon"));
        // Several train tasks a round: calibrate at the largest sampling rate over all their steps (epsilon
        // grows with q, so the target is met whatever the mix).
        double q = round.stream().mapToDouble(DpSgdSteps::samplingRate).max().orElseThrow();
        long steps = Math.multiplyExact(round.stream().mapToLong(DpSgdSteps::steps).sum(), (long) rounds);
        AccountantKind kind = AccountantKind.ofPlanName(settings.accountant().planName());
        double sigma;
        try {
            sigma = NoiseCalibration.noiseMultiplier(kind, target, settings.targetDelta(), q, steps);
        } catch (UnreachableEpsilonException e) {
            throw new IllegalArgumentException("privacy.settings.target_epsilon " + target + ": " + e.getMessage(), e);
        }
        LOG.info("Record-level DP: noise multiplier {} calibrated to reach epsilon {} at delta {} after {} rounds of {}"
                + " DP-SGD steps at sampling rate {} ({} records, {} accountant)", fmt(sigma), target,
                settings.targetDelta(), rounds, steps / rounds, fmt(q), records, kind.planName());
        return sigma;
    }

    private void checkStart() {
        double now = spent.epsilon(settings.targetDelta());
        double next = afterOneRound(spent);
        LOG.info("Record-level DP for {}: noise multiplier {}, clip norm {}, {} DP-SGD steps a round at sampling rate"
                + " {}; ledger {} ({} trainings so far): epsilon {} spent, {} after the next round (delta {}{})",
                collaborator, fmt(noiseMultiplier), settings.clipNorm(),
                round.stream().mapToLong(DpSgdSteps::steps).sum(), fmt(round.get(0).samplingRate()), ledger.file(),
                ledger.entries().size(), fmt(now), fmt(next), settings.targetDelta(), budgetText());
        if (Double.isInfinite(next)) {
            throw new IllegalArgumentException("privacy.settings.noise_multiplier " + fmt(noiseMultiplier) + " is too"
                    + " small: no finite epsilon holds at delta " + settings.targetDelta() + " after one round");
        }
        OptionalDouble max = settings.maxEpsilon();
        if (max.isPresent() && next > max.getAsDouble()) {
            throw budget("collaborator " + collaborator + " cannot train: its records have spent epsilon " + fmt(now)
                    + " (ledger " + ledger.file() + ") and one more round would reach " + fmt(next) + " at delta "
                    + settings.targetDelta() + ", above privacy.settings.max_epsilon " + max.getAsDouble());
        }
    }

    private double afterOneRound(PrivacyAccountant from) {
        PrivacyAccountant a = from;
        for (DpSgdSteps s : round) {
            a = a.compose(new PoissonGaussian(s.samplingRate(), noiseMultiplier), s.steps());
        }
        return a.epsilon(settings.targetDelta());
    }

    @Override
    public TaskResult train(TaskContext context) {
        DpSgdSteps steps = runner.dpSgdSteps(context);
        PoissonGaussian event = new PoissonGaussian(steps.samplingRate(), noiseMultiplier);
        double delta = settings.targetDelta();
        double before = spent.epsilon(delta);
        double after = spent.epsilonAfter(event, steps.steps(), delta);
        OptionalDouble max = settings.maxEpsilon();
        if (max.isPresent() && after > max.getAsDouble()) {
            throw budget("collaborator " + collaborator + " refuses to train round " + context.round() + ": "
                    + context.task() + " would raise its records' epsilon from " + fmt(before) + " to " + fmt(after)
                    + " at delta " + delta + ", above privacy.settings.max_epsilon " + max.getAsDouble());
        }
        TaskResult result = runner.train(context);
        PrivacyAccountant now = spent.compose(event, steps.steps());
        try {
            ledger.append(new SiteLedger.Entry(federation, context.round(), context.task(), steps.samplingRate(),
                    noiseMultiplier, steps.steps(), after, delta));
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the privacy spent by round " + context.round()
                    + " in " + ledger.file() + ": the result is not sent", e);
        }
        spent = now;
        double next = afterOneRound(now);
        LOG.info("Round {} {}: epsilon {} at delta {} after {} DP-SGD steps (sampling rate {}, noise multiplier {});"
                + " one more round would reach {}{}", context.round(), context.task(), fmt(after), delta,
                steps.steps(), fmt(steps.samplingRate()), fmt(noiseMultiplier), fmt(next), budgetText());
        Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
        metrics.remove("loss");
        metrics.put(EPSILON, after);
        metrics.put(EPSILON_NEXT, next);
        return new TaskResult(metrics, result.sampleCount());
    }

    private PrivacyBudgetException budget(String message) {
        LOG.error("{}", message);
        return new PrivacyBudgetException(message);
    }

    private String budgetText() {
        return settings.maxEpsilon().isPresent() ? ", budget max_epsilon " + settings.maxEpsilon().getAsDouble() : "";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** The noise multiplier the runner trains with. */
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /** The epsilon spent so far at the plan's target delta. */
    public double epsilon() {
        return spent.epsilon(settings.targetDelta());
    }

    @Override
    public ModelWeights weights() {
        return runner.weights();
    }

    @Override
    public void setWeights(ModelWeights weights) {
        runner.setWeights(weights);
    }

    @Override
    public TaskResult validate(TaskContext context) {
        return runner.validate(context);
    }

    @Override
    public long trainingSampleCount() {
        return runner.trainingSampleCount();
    }

    @Override
    public long validationSampleCount() {
        return runner.validationSampleCount();
    }

    @Override
    public void setProgress(TrainingProgress progress) {
        runner.setProgress(progress);
    }

    @Override
    public void useDpSgd(DpSgdConfig config) {
        throw new UnsupportedOperationException("record-level DP is already set up from the plan");
    }

    @Override
    public DpSgdSteps dpSgdSteps(TaskContext context) {
        return runner.dpSgdSteps(context);
    }

    @Override
    public void roundFinished() {
        runner.roundFinished();
    }

    @Override
    public void close() {
        runner.close();
    }
}
