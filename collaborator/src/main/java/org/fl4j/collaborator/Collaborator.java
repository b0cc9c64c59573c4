package org.fl4j.collaborator;

import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import org.fl4j.collaborator.secagg.SecureRoundClient;
import org.fl4j.collaborator.secagg.SecureSite;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.collaborator.spi.TaskSkippedException;
import org.fl4j.collaborator.upload.UploadPipeline;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.fl4j.protocol.rpc.UploadAck;
import org.fl4j.secagg.SecAggException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collaborator loop: ask for tasks (long poll), fetch the round's global model, run the tasks with the
 * {@link TaskRunner}, send each result, until the aggregator says the federation is over. Calls that fail
 * because the aggregator is unreachable are retried with backoff and jitter (a result is resent until it is
 * acknowledged; the aggregator recognises a duplicate). A refused result is logged and the round goes on
 * with the next task: the refused task failed for the round and is never sent again in it, also after a
 * restart (the assignment lists it as failed); a round that closed meanwhile is abandoned; refused identity
 * or an incompatible protocol stops the loop with a {@link FederationException}. When the plan enables secure
 * aggregation, a round this collaborator trains in runs its keys and shares stages first, sends the masked
 * delta instead of the weights, and after its other tasks signs the survivors and reveals shares
 * ({@link SecureRoundClient}); a site out of the secure round does not send its training (never in clear).
 */
public final class Collaborator {

    private static final Logger LOG = LoggerFactory.getLogger(Collaborator.class);

    private final CollaboratorConfig config;
    private final FederationClient client;
    private final TaskRunner runner;
    private final Retrying retrying;
    private final Retrying.Sleeper sleeper;
    private final RoundTasks tasks;
    private final UploadPipeline uploads;
    /**
     * The last global model downloaded, whose arrays the next download reuses: runners copy the weights they
     * are given ({@link TaskRunner#setWeights}), and a new round needs nothing of the previous global model.
     */
    private ModelWeights previousGlobal;
    /** The round whose global model {@link #previousGlobal} holds unchanged, or empty (its arrays are scratch). */
    private OptionalLong previousRound = OptionalLong.empty();
    /** Secure aggregation's site identity and trust when the plan enables it, else null. */
    private final SecureSite secure;
    /** Whether the global model is dropped after each round (a simulation's many virtual sites). */
    private boolean forgetGlobal;
    private CollaboratorObserver observer = CollaboratorObserver.NONE;

    Collaborator(CollaboratorConfig config, FederationClient client, TaskRunner runner, Runnable reconnect,
            Retrying.Sleeper sleeper, Clock clock, Random random) {
        this(config, client, runner, reconnect, sleeper, clock, random, null);
    }

    Collaborator(CollaboratorConfig config, FederationClient client, TaskRunner runner, Runnable reconnect,
            Retrying.Sleeper sleeper, Clock clock, Random random, SecureSite secure) {
        this.secure = secure;
        this.config = config;
        this.client = client;
        this.runner = runner;
        this.sleeper = sleeper;
        this.retrying = new Retrying(new Backoff(config.reconnectInterval(), config.reconnectMax(), random),
                config.giveUpAfter(), reconnect, sleeper, clock);
        this.tasks = new RoundTasks(config, runner);
        this.uploads = new UploadPipeline(config.upload());
    }

    /** A collaborator talking to the aggregator through {@code channel} with the given runner. */
    public static Collaborator over(ManagedChannel channel, CollaboratorConfig config, TaskRunner runner) {
        return over(channel, config, runner, null);
    }

    /**
     * A collaborator whose training rounds run secure aggregation with {@code secure} (null: the plan does not
     * enable it).
     */
    public static Collaborator over(ManagedChannel channel, CollaboratorConfig config, TaskRunner runner,
            SecureSite secure) {
        FederationClient client = new FederationClient(channel, config.route(), config.limits(),
                config.transferTimeout());
        return new Collaborator(config, client, runner, channel::resetConnectBackoff,
                d -> Thread.sleep(d.toMillis()), Clock.systemUTC(), new Random(), secure);
    }

    /**
     * Drops the round's global model once the round is over instead of keeping its arrays for the next
     * download: a simulation runs a thousand collaborators in one JVM, and each would otherwise hold a copy.
     */
    public Collaborator forgetGlobalBetweenRounds() {
        this.forgetGlobal = true;
        return this;
    }

    /** Reports this collaborator's tasks and rounds to {@code o} (its metrics endpoint, say). */
    public Collaborator observedBy(CollaboratorObserver o) {
        this.observer = Objects.requireNonNull(o, "observer");
        return this;
    }

    /**
     * Runs until the aggregator says the federation is over; returns its reason.
     *
     * @throws FederationException when the aggregator refuses this collaborator or stays unreachable
     */
    public String run() throws InterruptedException {
        LOG.info("Collaborator {} joining federation {} at aggregator {}", config.name(),
                config.route().federationId(), config.route().aggregator());
        while (true) {
            TasksOutcome outcome = retrying.call(() -> client.tasks(config.longPoll()));
            if (outcome instanceof TasksOutcome.Quit quit) {
                LOG.info("The aggregator ended the federation: {}", quit.reason());
                return quit.reason();
            }
            if (outcome instanceof TasksOutcome.Idle idle) {
                LOG.info("Waiting for tasks...");
                if (!idle.retryAfter().isZero()) {
                    sleeper.sleep(idle.retryAfter());
                }
                continue;
            }
            runRound((TasksOutcome.Assignment) outcome);
        }
    }

    private void runRound(TasksOutcome.Assignment a) throws InterruptedException {
        long down = client.tensorBytesReceived();
        long up = client.tensorBytesSent();
        try {
            runTasks(a);
        } finally {
            runner.roundFinished();
            if (forgetGlobal) {
                previousGlobal = null;
                previousRound = OptionalLong.empty();
                tasks.startRound(a.round(), null);
            }
            long downloaded = client.tensorBytesReceived() - down;
            long uploaded = client.tensorBytesSent() - up;
            LOG.info("Round {} traffic: {} bytes of tensors downloaded, {} uploaded", a.round(), downloaded,
                    uploaded);
            observe(() -> observer.roundEnded(a.round(), downloaded, uploaded));
        }
    }

    private void runTasks(TasksOutcome.Assignment a) throws InterruptedException {
        LOG.info("Received the following tasks: {}", a.pending());
        ModelWeights global;
        try {
            global = retrying.call(() -> download(a.round()));
        } catch (FederationException e) {
            if (e.kind() == FederationException.Kind.STALE) {
                LOG.info("Round {} closed before its model arrived: {}", a.round(), e.getMessage());
                return;
            }
            throw e;
        }
        previousGlobal = global;
        previousRound = OptionalLong.of(a.round());
        tasks.startRound(a.round(), global);
        SecureRoundClient secureRound = secure == null ? null : setUpSecureRound(a, global);
        try {
            runTasks(a, global, secureRound);
            if (secureRound != null && secureRound.hasMasked()) {
                secureRound.finish();
            }
        } catch (SecAggException e) {
            LOG.warn("Secure aggregation, round {}: this collaborator's part ended: {}", a.round(), e.getMessage());
        } catch (FederationException e) {
            if (e.kind() != FederationException.Kind.STALE) {
                throw e;
            }
            LOG.info("Round {} closed during secure aggregation: {}", a.round(), e.getMessage());
        } finally {
            if (secureRound != null) {
                secureRound.close();
            }
        }
    }

    /**
     * The global model of {@code round}, into the previous round's arrays; the aggregator may send it as
     * differences to the previous round's model, which this collaborator holds unchanged until the download
     * starts overwriting it: from then on it holds no round's model until a download completes.
     */
    private ModelWeights download(long round) {
        OptionalLong held = previousRound;
        previousRound = OptionalLong.empty();
        return client.model(round, previousGlobal, held);
    }

    /** Keys and shares of the round's secure aggregation, when this collaborator trains in it; null otherwise. */
    private SecureRoundClient setUpSecureRound(TasksOutcome.Assignment a, ModelWeights global)
            throws InterruptedException {
        boolean trains = a.pending().stream().anyMatch(t -> config.tasks().get(t) != null
                && config.tasks().get(t).isTrain());
        if (!trains) {
            return null;
        }
        SecureRoundClient round = new SecureRoundClient(
                request -> retrying.call(() -> client.secureAggregation(request, config.longPoll())), secure,
                config.route().federationId(), a.round(), global.parameterCount());
        try {
            round.setUp();
            return round;
        } catch (SecAggException e) {
            round.close();
            LOG.warn("Secure aggregation, round {}: this collaborator is out of the round: {}; its training is not"
                    + " sent", a.round(), e.getMessage());
            return null;
        }
    }

    private void runTasks(TasksOutcome.Assignment a, ModelWeights global, SecureRoundClient secureRound)
            throws InterruptedException {
        List<String> all = a.tasks();
        for (int i = 0; i < all.size(); i++) {
            String task = all.get(i);
            if (a.failed().contains(task)) {
                LOG.warn("The aggregator refused the result of {}, round {} earlier: the task failed for this round;"
                        + " not sending it again", task, a.round());
            }
            if (a.done().contains(task) || a.failed().contains(task)) {
                tasks.replayIfNeeded(task, a.failed().contains(task), all.subList(i + 1, all.size()), a.pending());
                continue;
            }
            long started = System.nanoTime();
            TaskUpload ran;
            try {
                ran = tasks.run(task);
            } catch (TaskSkippedException e) {
                LOG.warn("Not sending {} of round {}: {}", task, a.round(), e.getMessage());
                continue;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            boolean train = config.tasks().get(task).isTrain();
            observe(() -> observer.taskRan(a.round(), task, train, took, ran.sampleCount(), ran.metrics()));
            TaskUpload upload = ran;
            if (secure != null && config.tasks().get(task).isTrain()) {
                if (secureRound == null) {
                    LOG.info("Not sending the result of {}, round {}: this collaborator is out of the round's secure"
                            + " aggregation, and the plan forbids updates in clear", task, a.round());
                    continue;
                }
                upload = secureRound.mask(upload, global);
            } else {
                upload = uploads.prepare(upload, global);
            }
            for (Map.Entry<String, Double> m : upload.metrics().entrySet()) {
                LOG.info("Sending metric for task {}, round number {}: {} {}", task, a.round(), m.getKey(),
                        m.getValue());
            }
            if (!send(upload)) {
                return;
            }
        }
    }

    private void observe(Runnable report) {
        try {
            report.run();
        } catch (RuntimeException e) {
            LOG.warn("The collaborator's observer failed: {}", e.toString());
        }
    }

    /** Sends until acknowledged; false when the round closed meanwhile (abandon it). */
    private boolean send(TaskUpload upload) throws InterruptedException {
        try {
            UploadAck ack = retrying.call(() -> client.send(upload));
            uploads.acknowledged();
            if (ack.duplicate()) {
                LOG.info("The aggregator already held the result of {}, round {}", upload.task(), upload.round());
            }
            return true;
        } catch (FederationException e) {
            switch (e.kind()) {
                case STALE -> {
                    LOG.info("Round {} closed before the result of {} arrived: {}", upload.round(), upload.task(),
                            e.getMessage());
                    return false;
                }
                case INVALID -> {
                    LOG.error("The aggregator refused the result of {}, round {}: {}; the task failed for this"
                            + " round", upload.task(), upload.round(), e.getMessage());
                    return true;
                }
                case TOO_LARGE -> {
                    LOG.error("The aggregator refused the result of {}, round {}: {}", upload.task(), upload.round(),
                            e.getMessage());
                    return true;
                }
                case TASK_FAILED -> {
                    LOG.warn("Not sending {} of round {} again: {}", upload.task(), upload.round(), e.getMessage());
                    return true;
                }
                default -> throw e;
            }
        }
    }
}
