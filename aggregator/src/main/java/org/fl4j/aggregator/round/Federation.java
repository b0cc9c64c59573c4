package org.fl4j.aggregator.round;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.UpdateRejectedException;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.privacy.AggregatorPrivacy;
import org.fl4j.aggregator.secagg.SecureAggregation;
import org.fl4j.aggregator.store.FederationStore;
import org.fl4j.plan.Sampling;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.codec.Pipeline;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.FederationHandler;
import org.fl4j.protocol.rpc.FederationStatus;
import org.fl4j.protocol.rpc.ModelLease;
import org.fl4j.protocol.rpc.ProtocolVersion;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.rpc.ResultSink;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.secagg.SecAggException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's federation: the round state machine behind the gRPC service. It hands out each round's
 * tasks (long-polled), serves the round's model, takes results (tensors straight into the aggregation
 * engine), closes a round when the straggler policy allows, writes its metrics, saves its best and last models
 * and checkpoint in the background while the next round is served ({@link #awaitCommitted()}), and after the
 * last round tells collaborators to quit. Time comes from the injected
 * {@link Clock}: {@link #tick()} (every 100 ms once {@link #start()}ed) expires long polls and applies
 * cutoff times. Thread-safe: one lock guards the round state; chunks are folded outside it.
 */
public final class Federation implements FederationHandler, AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger(Federation.class);
    private static final Duration SAVE_WAIT = Duration.ofMinutes(1);

    private final AggregatorConfig config;
    private final FederationStore store;
    private final Clock clock;
    private final TaskAssigner assigner;
    private final ClientSampler sampler;
    private final StragglerRule straggler;
    private final Rounds rounds;
    private final PendingPolls polls = new PendingPolls();
    private final FederationEnd end;
    private final SecureAggregation secure;
    private final SecureRounds secureRounds;
    private final FederationListener listener;
    /** The parent's pace when this is an intermediate aggregator's federation, else null. */
    private final Subtree subtree;
    /** Whether the parent's federation is over (intermediate aggregators only). */
    private boolean subtreeOver;
    private ScheduledExecutorService ticker;
    private long round;
    private RoundState current;

    public Federation(AggregatorConfig config, FederationStore store, Clock clock) {
        this(config, store, clock, null, FederationListener.NONE);
    }

    /**
     * A federation whose rounds run secure aggregation when {@code secure} is given (the plan enables it): train
     * results are then masked inputs, and each round's unmasked average reaches the strategy as one update. It
     * tells {@code listener} what happens.
     */
    public Federation(AggregatorConfig config, FederationStore store, Clock clock, SecureAggregation secure,
            FederationListener listener) {
        this(config, store, clock, secure, listener, null);
    }

    /**
     * An intermediate aggregator's federation when {@code subtree} is given: it runs no round of its own; each
     * starts when the parent's round reaches it through {@link Subtree#run}, and its outcome goes back there
     * instead of becoming the next round's model. It keeps no checkpoint (the parent's holds the federation).
     */
    public Federation(AggregatorConfig config, FederationStore store, Clock clock, SecureAggregation secure,
            FederationListener listener, Subtree subtree) {
        if (subtree != null && secure != null) {
            throw new IllegalArgumentException("an intermediate aggregator cannot run secure aggregation: it would"
                    + " learn its subtree's sum");
        }
        this.subtree = subtree;
        this.secure = secure;
        this.secureRounds = new SecureRounds(secure, config.tasks(), config.longPoll());
        this.listener = listener;
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.sampler = new ClientSampler(config.assigner().sampling(), config.seed());
        this.assigner = TaskAssigner.of(config.assigner(), config.seed(), sampler);
        this.straggler = new StragglerRule(config.straggler());
        this.rounds = new Rounds(config, store, Strategies.forPlan(config.tasks()), privacy(config, assigner, store),
                listener);
        this.end = new FederationEnd(config.collaborators(), config.roundsToTrain(), config.quitGrace());
    }

    /**
     * The plan's privacy at the aggregator; client level divides by the collaborators given a train task, or
     * under Poisson sampling by the number expected (the rate times those the plan would give one), and
     * accounts each round at that rate.
     */
    private static AggregatorPrivacy privacy(AggregatorConfig config, TaskAssigner assigner, FederationStore store) {
        Sampling sampling = config.assigner().sampling();
        TaskAssigner counted = sampling.poisson()
                ? TaskAssigner.of(config.assigner(), config.seed(), new ClientSampler(Sampling.ALL, config.seed()))
                : assigner;
        long training = counted.assign(0, config.collaborators()).values().stream()
                .filter(tasks -> tasks.stream().anyMatch(t -> config.tasks().get(t).isTrain())).count();
        double rate = sampling.poisson() ? sampling.rate(config.collaborators().size()) : 1.0;
        int participants = sampling.poisson() ? (int) Math.max(1, Math.round(rate * training)) : (int) training;
        return AggregatorPrivacy.of(config.updatePath().privacy(), config.updatePath().secureAggregation().enabled(),
                config.federationId(), config.roundsToTrain(), participants, rate,
                config.collaborators().size(), store.paths().checkpoint().toAbsolutePath().getParent());
    }

    /**
     * Loads the checkpoint (or the initial model), opens the current round and starts the clock ticks.
     *
     * @throws IOException when the checkpoint or initial model cannot be read or does not fit the plan
     */
    public void start() throws IOException {
        synchronized (this) {
            if (subtree != null) {
                subtree.attach(this);
                LOG.info("Intermediate aggregator {}: waiting for the parent's first round", config.name());
            } else {
                startRounds();
            }
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fl4j-federation-clock");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void startRounds() throws IOException {
        round = rounds.resume();
        if (round >= config.roundsToTrain()) {
            LOG.info("All {} rounds are done: telling collaborators to quit", config.roundsToTrain());
            end.trainingDone(clock.instant());
        } else if (!stopForBudget()) {
            beginRound();
        }
    }

    /**
     * Starts round {@code r} of an intermediate aggregator with the parent's {@code model} (owned from now on);
     * a round still open is abandoned: the parent has moved past it.
     */
    void beginSubtreeRound(long r, ModelWeights model) {
        List<Runnable> replies = new ArrayList<>();
        try {
            synchronized (this) {
                if (subtreeOver || end.stopped()) {
                    throw new IllegalStateException("the intermediate aggregator's federation is over");
                }
                if (current != null) {
                    LOG.info("Abandoning round {}: the parent moved on to round {}", round, r);
                    current.slots.dropWaiting(replies);
                    rounds.discard(current);
                    current = null;
                }
                rounds.adopt(r, model);
                round = r;
                beginRound();
                polls.wake(this::outcomeFor, replies);
            }
        } finally {
            replies.forEach(Runnable::run);
        }
    }

    /** The parent's federation is over: the children are told to quit with {@code reason}. */
    void endSubtree(String reason) {
        List<Runnable> replies = new ArrayList<>();
        synchronized (this) {
            if (subtreeOver) {
                return;
            }
            subtreeOver = true;
            if (current != null) {
                current.slots.dropWaiting(replies);
                rounds.discard(current);
                current = null;
            }
            end.endedByParent(clock.instant(), reason);
            LOG.info("The parent's federation is over ({}): telling the children to quit", reason);
            polls.wake(this::outcomeFor, replies);
        }
        replies.forEach(Runnable::run);
    }

    /** True while an intermediate aggregator waits between the parent's rounds. */
    private boolean betweenParentRounds() {
        return subtree != null && !subtreeOver && current == null;
    }

    /** Completes when the federation is over and every collaborator was told to quit (or the grace passed). */
    public CompletableFuture<Void> finished() {
        return end.finished();
    }

    /**
     * Waits until every round closed so far is committed: its models and checkpoint are on disk, and a restart
     * would resume after it. Rounds are saved in the background while the next one is served.
     *
     * @throws IOException when a round could not be saved (the federation then stops)
     */
    public void awaitCommitted() throws IOException {
        rounds.awaitCommitted();
    }

    public synchronized long round() {
        return round;
    }

    /** What the federation is doing now, for the operator's status. */
    public synchronized FederationSnapshot snapshot() {
        FederationSnapshot.Phase phase = end.stopped() ? FederationSnapshot.Phase.STOPPED
                : current == null ? FederationSnapshot.Phase.FINISHING : FederationSnapshot.Phase.TRAINING;
        return FederationSnapshot.of(round, config.roundsToTrain(), phase, current, clock.instant());
    }

    FederationListener listener() {
        return listener;
    }

    Clock clock() {
        return clock;
    }

    /** Applies the passage of time: expired long polls, cutoff times, the quit grace period. */
    public void tick() {
        List<Runnable> replies = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            polls.expire(now, new TasksOutcome.Idle(round, Duration.ZERO), replies);
            if (current != null && current.secure != null) {
                current.secure.tick(now, replies);
            }
            maybeCloseRound(replies);
            checkFinished(now);
        }
        replies.forEach(Runnable::run);
    }

    @Override
    public CompletableFuture<TasksOutcome> tasks(String collaborator) {
        known(collaborator);
        CompletableFuture<TasksOutcome> reply = new CompletableFuture<>();
        synchronized (this) {
            if (end.stopped()) {
                reply.completeExceptionally(end.unavailable());
                return reply;
            }
            Optional<TasksOutcome> now = outcomeFor(collaborator);
            if (now.isPresent()) {
                reply.complete(now.get());
                return reply;
            }
            polls.add(reply, collaborator, clock.instant().plus(config.longPoll()));
        }
        reply.whenComplete((v, e) -> {
            if (reply.isCancelled()) {
                synchronized (this) {
                    polls.remove(reply);
                }
            }
        });
        return reply;
    }

    @Override
    public synchronized ModelLease model(String collaborator, long requested) {
        known(collaborator);
        if (betweenParentRounds()) {
            throw FederationException.stale("round " + requested + " is over: waiting for the parent's next round");
        }
        if (current == null) {
            throw end.over();
        }
        if (requested < round) {
            throw FederationException.stale("round " + requested + " is over: the federation is in round " + round);
        }
        if (requested > round) {
            throw FederationException.invalid("round " + requested + " has not started: the federation is in round "
                    + round);
        }
        ModelLease lease = rounds.lease();
        listener.modelSent(collaborator, round, 4 * rounds.model().parameterCount());
        return lease;
    }

    /** The global model of round {@code s}, lent to a delta-encoded result of that round. */
    synchronized ModelLease deltaBase(RoundState s) {
        if (s != current) {
            throw FederationException.stale("round " + s.round + " closed before its delta-encoded result arrived");
        }
        return rounds.lease();
    }

    /**
     * The model of round {@code held} for a site being sent round {@code requested}'s model as differences to
     * it: the current model itself when the site holds it already, a kept earlier one, or null (the whole model
     * goes).
     */
    @Override
    public synchronized ModelLease heldModel(String collaborator, long requested, long held) {
        if (config.updatePath().downloadDeltaRounds() == 0 || current == null || requested != round || held > round) {
            return null;
        }
        ModelLease lease = held == round ? rounds.lease() : rounds.leaseHeld(held);
        if (lease != null) {
            LOG.info("Sending {} the model of round {} as differences to round {}", collaborator, round, held);
        }
        return lease;
    }

    @Override
    public Pipeline downloadPipeline() {
        return config.updatePath().download();
    }

    @Override
    public ResultSink results(String collaborator, ResultHeader header) {
        known(collaborator);
        List<Runnable> replies = new ArrayList<>();
        try {
            synchronized (this) {
                return open(collaborator, header, replies);
            }
        } finally {
            replies.forEach(Runnable::run);
        }
    }

    private ResultSink open(String collaborator, ResultHeader header, List<Runnable> replies) {
        String task = header.task();
        if (betweenParentRounds()) {
            listener.resultRefused(collaborator, header.round(), task, FederationListener.Refusal.LATE,
                    "round " + header.round() + " is over", clock.instant());
            throw FederationException.stale("round " + header.round() + " is over: waiting for the parent's next"
                    + " round; the result was dropped");
        }
        if (current == null) {
            listener.resultRefused(collaborator, header.round(), task, FederationListener.Refusal.OVER,
                    "the federation is over", clock.instant());
            throw end.over();
        }
        if (header.round() < round) {
            listener.resultRefused(collaborator, header.round(), task, FederationListener.Refusal.LATE,
                    "round " + header.round() + " is over", clock.instant());
            LOG.info("Dropped a late result of {}, round {} from {}: the federation is in round {}", task,
                    header.round(), collaborator, round);
            throw FederationException.stale("round " + header.round() + " is over: the federation is in round "
                    + round + "; the result was dropped");
        }
        if (header.round() > round) {
            listener.resultRefused(collaborator, header.round(), task, FederationListener.Refusal.INVALID,
                    "round " + header.round() + " has not started", clock.instant());
            throw FederationException.invalid("round " + header.round() + " has not started: the federation is in"
                    + " round " + round);
        }
        List<String> tasks = current.tasksOf(collaborator);
        if (!tasks.contains(task)) {
            listener.resultRefused(collaborator, round, task, FederationListener.Refusal.NOT_ASSIGNED,
                    "task not assigned to " + collaborator, clock.instant());
            throw FederationException.invalid("task '" + task + "' is not assigned to " + collaborator + " in round "
                    + round + " (its tasks: " + tasks + ")");
        }
        if (current.isDone(collaborator, task)) {
            return ResultSink.DUPLICATE;
        }
        String refused = current.refusal(collaborator, task);
        if (refused != null) {
            listener.resultRefused(collaborator, round, task, FederationListener.Refusal.ALREADY_FAILED,
                    "refused earlier this round: " + refused, clock.instant());
            throw FederationException.taskFailed("the result of " + task + ", round " + round + " from "
                    + collaborator + " was refused earlier this round (" + refused + "): the task failed for this"
                    + " round; send the next round's result");
        }
        if (!current.startReceiving(collaborator, task)) {
            throw new FederationException(FederationException.Kind.UNAVAILABLE, "a result of " + task + ", round "
                    + round + " from " + collaborator + " is already being received; retry later");
        }
        TaskSpec spec = config.tasks().get(task);
        if (spec.isTrain() && secure != null) {
            ResultIntake intake = new ResultIntake(this, current, collaborator, header);
            try {
                intake.attachMasked(secureRounds.openMaskedInput(current, collaborator, header));
            } catch (FederationException e) {
                throw countFailed(current, collaborator, task, e.getMessage(), replies);
            }
            LOG.info("Collaborator {} is sending its masked input for {}, round {}", collaborator, task, round);
            intake.readiness.complete(null);
            return intake;
        }
        Optional<String> problem = Rules.checkResult(spec, header, current.model);
        if (problem.isPresent()) {
            throw countFailed(current, collaborator, task, problem.get(), replies);
        }
        ResultIntake intake = new ResultIntake(this, current, collaborator, header);
        if (spec.isTrain()) {
            current.slots.admit(intake, replies);
        } else {
            LOG.info("Collaborator {} is sending task results for {}, round {}", collaborator, task, round);
            intake.readiness.complete(null);
        }
        return intake;
    }

    /** A result was refused while its chunks arrived: the task counts as failed this round. */
    FederationException refuse(ResultIntake intake, String problem) {
        intake.unstage();
        List<Runnable> replies = new ArrayList<>();
        FederationException e;
        synchronized (this) {
            if (intake.state != current) {
                listener.resultRefused(intake.collaborator, intake.state.round, intake.header.task(),
                        FederationListener.Refusal.LATE, "the round closed while the result arrived", clock.instant());
                e = FederationException.stale("round " + intake.state.round + " closed before the result of "
                        + intake.header.task() + " was complete; dropped");
            } else {
                e = countFailed(intake.state, intake.collaborator, intake.header.task(), problem, replies);
            }
            intake.state.slots.release(intake, replies);
        }
        replies.forEach(Runnable::run);
        return e;
    }

    void complete(ResultIntake intake) {
        List<Runnable> replies = new ArrayList<>();
        try {
            synchronized (this) {
                commit(intake, replies);
            }
        } finally {
            replies.forEach(Runnable::run);
        }
    }

    private void commit(ResultIntake in, List<Runnable> replies) {
        try {
            commitHeld(in, replies);
        } finally {
            in.state.slots.release(in, replies);
        }
    }

    private void commitHeld(ResultIntake in, List<Runnable> replies) {
        RoundState s = in.state;
        String task = in.header.task();
        if (s != current) {
            LOG.info("Dropped a late result of {}, round {} from {}: the round closed while it arrived", task, s.round,
                    in.collaborator);
            listener.resultRefused(in.collaborator, s.round, task, FederationListener.Refusal.LATE,
                    "the round closed while the result arrived", clock.instant());
            throw FederationException.stale("round " + s.round + " closed before the result of " + task
                    + " was complete; dropped");
        }
        if (in.update() != null) {
            try {
                in.update().commit();
            } catch (UpdateRejectedException e) {
                throw countFailed(s, in.collaborator, task, e.getMessage(), replies);
            }
        }
        if (in.masked() != null) {
            try {
                in.masked().commit();
            } catch (SecAggException e) {
                throw countFailed(s, in.collaborator, task, e.getMessage(), replies);
            }
        }
        appendMetrics(s.record(in.collaborator, in.header, clock.instant()));
        rounds.observe(in.collaborator, in.header.metrics());
        in.header.forwarded().forEach(f -> rounds.observe(f.via(in.collaborator).origin(), f.metrics()));
        listener.resultAccepted(in.collaborator, s.round, task, in.bytes(), in.sha256(), in.header.metrics(),
                clock.instant());
        maybeCloseRound(replies);
    }

    void aborted(ResultIntake intake) {
        List<Runnable> replies = new ArrayList<>();
        synchronized (this) {
            if (intake.state == current && !current.isDone(intake.collaborator, intake.header.task())) {
                current.stopReceiving(intake.collaborator, intake.header.task());
            }
            intake.state.slots.release(intake, replies);
        }
        replies.forEach(Runnable::run);
    }

    private FederationException countFailed(RoundState s, String collaborator, String task, String problem,
            List<Runnable> replies) {
        LOG.warn("Refused the result of {}, round {} from {}: {}; the task counts as failed this round", task, s.round,
                collaborator, problem);
        s.markFailed(collaborator, task, problem);
        listener.resultRefused(collaborator, s.round, task, FederationListener.Refusal.INVALID, problem,
                clock.instant());
        maybeCloseRound(replies);
        return FederationException.invalid(problem);
    }

    @Override
    public CompletableFuture<SecAggReply> secureAggregation(String collaborator, Optional<byte[]> certificateDer,
            SecAggRequest request) {
        known(collaborator);
        List<Runnable> replies = new ArrayList<>();
        try {
            synchronized (this) {
                if (secure == null) {
                    throw FederationException.invalid("this federation's plan does not enable secure aggregation"
                            + " (aggregator.settings.secure_aggregation)");
                }
                if (current == null) {
                    throw end.over();
                }
                CompletableFuture<SecAggReply> reply = secureRounds.handle(current, collaborator, certificateDer,
                        request, clock.instant(), replies);
                maybeCloseRound(replies);
                return reply;
            }
        } finally {
            replies.forEach(Runnable::run);
        }
    }

    @Override
    public String versionRefusal(String collaborator, ProtocolVersion version) {
        if (secure != null && version.minor() < 2) {
            return "the plan requires secure aggregation (aggregator.settings.secure_aggregation: true), whose"
                    + " SecureAggregation stages protocol 1.2 added; collaborator '" + collaborator + "' speaks "
                    + version + ": upgrade it";
        }
        return null;
    }

    @Override
    public synchronized FederationStatus status(String collaborator) {
        known(collaborator);
        return new FederationStatus(round, config.roundsToTrain());
    }

    private void known(String collaborator) {
        if (!config.collaborators().contains(collaborator)) {
            throw FederationException.denied("collaborator '" + collaborator + "' is not in plan/cols.yaml");
        }
        listener.contact(collaborator, clock.instant());
    }

    /** What to tell a collaborator now, or empty to keep it waiting. */
    private Optional<TasksOutcome> outcomeFor(String collaborator) {
        if (betweenParentRounds()) {
            return Optional.empty();
        }
        if (current == null) {
            return Optional.of(end.quit(collaborator));
        }
        if (current.hasPending(collaborator)) {
            listener.tasksGiven(collaborator, round, current.tasksOf(collaborator), clock.instant());
            return Optional.of(new TasksOutcome.Assignment(round, current.tasksOf(collaborator),
                    current.doneOf(collaborator), current.failedOf(collaborator)));
        }
        return Optional.empty();
    }

    /**
     * Ends the federation before {@code round} when running it would pass the privacy budget: the last model
     * and checkpoint stay as saved, collaborators are told to quit with the reason.
     */
    private boolean stopForBudget() {
        Optional<String> stop = rounds.budgetStop(round);
        if (stop.isEmpty()) {
            return false;
        }
        current = null;
        end.budgetSpent(clock.instant(), round, stop.get());
        LOG.info("Ending the federation after {} of {} rounds: {}; telling collaborators to quit", round,
                config.roundsToTrain(), stop.get());
        return true;
    }

    /** Why the federation ended before its last round (a privacy budget), or empty. */
    public synchronized Optional<String> endedEarly() {
        return end.endedEarly();
    }

    private void beginRound() {
        Map<String, List<String>> assignment = assigner.assign(round, config.collaborators());
        ModelWeights model = rounds.model();
        current = new RoundState(round, clock.instant(), model, assignment, rounds.beginAggregation(round),
                new UploadSlots(config.maxConcurrentUploads()));
        LOG.info("Starting round {}...", round);
        secureRounds.begin(current, clock.instant());
        listener.roundStarted(round, current.started, assignment);
    }

    private void maybeCloseRound(List<Runnable> replies) {
        if (current == null) {
            return;
        }
        secureRounds.markDropouts(current);
        int reported = current.reportedCount();
        // With client sampling the round needs only its target of the (over-)selected collaborators.
        int assigned = sampler.needed(current.assignedCount(), config.collaborators().size());
        boolean closes = straggler.closes(reported, assigned, Duration.between(current.started, clock.instant()));
        if (!secureRounds.settle(current, closes, clock.instant(), replies)) {
            return;
        }
        secureRounds.markDropouts(current);
        reported = current.reportedCount();
        if (!closes && !straggler.closes(reported, assigned, Duration.between(current.started, clock.instant()))) {
            return;
        }
        if (reported < current.assignedCount()) {
            LOG.info("Closing round {} without {} ({}): {} of {} collaborators reported", round, current.stragglers(),
                    reported >= assigned ? "its target of " + assigned + " results was met" : straggler.describe(),
                    reported, current.assignedCount());
        }
        current.slots.dropWaiting(replies);
        if (subtree != null) {
            SubtreeRound outcome = rounds.closeSubtree(current, clock.instant(), current.stragglers());
            current = null;
            subtree.closed(outcome);
            polls.wake(this::outcomeFor, replies);
            return;
        }
        secureRounds.feed(current, replies);
        long closing = round;
        CompletableFuture<Void> commit;
        try {
            commit = rounds.close(current, clock.instant(), current.stragglers());
        } catch (IOException e) {
            saveFailed(closing, e, replies);
            return;
        }
        round++;
        if (round >= config.roundsToTrain()) {
            current = null;
            end.trainingDone(clock.instant());
            LOG.info("Training finished after {} rounds: telling collaborators to quit", config.roundsToTrain());
        } else if (!stopForBudget()) {
            beginRound();
        }
        polls.wake(this::outcomeFor, replies);
        rounds.whenCommitted(commit, failure -> committed(closing, failure));
    }

    private void committed(long closed, Throwable failure) {
        List<Runnable> replies = new ArrayList<>();
        synchronized (this) {
            if (failure != null) {
                saveFailed(closed, RoundCommits.unwrap(failure), replies);
            } else {
                checkFinished(clock.instant());
            }
        }
        replies.forEach(Runnable::run);
    }

    /** Stops the federation: it cannot go on without a round it could not save. */
    private void saveFailed(long closed, IOException e, List<Runnable> replies) {
        if (!end.stop(closed, e)) {
            return;
        }
        current = null;
        FederationException reason = end.unavailable();
        for (CompletableFuture<TasksOutcome> poll : polls.drain()) {
            replies.add(() -> poll.completeExceptionally(reason));
        }
    }

    private void checkFinished(Instant now) {
        end.check(now, rounds.committed());
    }

    private void appendMetrics(List<String> lines) {
        try {
            store.metrics().append(lines);
        } catch (IOException e) {
            LOG.error("Cannot append to {}: {}", store.metrics().file(), e.getMessage());
        }
    }

    /** Stops the clock, answers the long polls still waiting and waits (a minute at most) for a round being saved. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (!rounds.finishSaving(SAVE_WAIT)) {
            LOG.warn("Stopped while round {} was still being saved after {} s: a restart resumes from the round"
                    + " before it", round - 1, SAVE_WAIT.toSeconds());
        }
        List<CompletableFuture<TasksOutcome>> pending;
        List<Runnable> waiting = new ArrayList<>();
        boolean over;
        synchronized (this) {
            pending = polls.drain();
            over = current == null && !end.stopped() && (subtree == null || subtreeOver);
            if (current != null) {
                current.slots.shutDown(waiting);
            }
        }
        waiting.forEach(Runnable::run);
        if (subtree != null) {
            subtree.stopped("the intermediate aggregator is shutting down");
        }
        for (CompletableFuture<TasksOutcome> f : pending) {
            if (over) {
                f.complete(end.quitOutcome());
            } else {
                f.completeExceptionally(new FederationException(FederationException.Kind.UNAVAILABLE,
                        "the aggregator is shutting down"));
            }
        }
    }

    AggregationStrategy strategy() {
        return rounds.strategy();
    }
}
