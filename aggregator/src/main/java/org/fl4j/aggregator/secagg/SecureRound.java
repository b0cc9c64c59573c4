package org.fl4j.aggregator.secagg;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.TensorSpec;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.privacy.distributed.DistributedGaussian;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.SecAggResult;
import org.fl4j.secagg.Stage;
import org.fl4j.secagg.dp.DistributedDp;
import org.fl4j.secagg.message.ClientMessage;
import org.fl4j.secagg.message.ConsistencySignature;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.MaskedInputHeader;
import org.fl4j.secagg.message.RelayMessage;
import org.fl4j.secagg.message.RoundSetup;
import org.fl4j.secagg.message.ShareUpload;
import org.fl4j.secagg.message.UnmaskResponse;
import org.fl4j.secagg.server.MaskedInputSink;
import org.fl4j.secagg.server.SecAggServer;
import org.fl4j.secagg.wire.SecAggWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of secure aggregation as the federation runs it. The participants are the collaborators assigned
 * the round's train task. Stages ADVERTISE_KEYS and SHARE_KEYS run before training and close when every
 * participant still in answered, or the plan's {@code setup_timeout_seconds} after the stage opened (ADVERTISE_KEYS
 * opens when the first participant calls); MASKED_INPUT closes when
 * every member of U2 uploaded its masked train result or when the round's straggler policy lets the round close
 * ({@link #closeInputs}); CONSISTENCY and UNMASK close like the setup stages, and then the masks are removed.
 * A stage left with too few participants for the threshold fails the round ({@link #failure()}): its model
 * stays. Each collaborator's long-polled call is answered with the relay for the stage it waits for, an abort
 * when it is out of the round (naming why), or a wait when the poll expires.
 *
 * <p>Not thread-safe: the federation calls it under its lock and runs the {@code replies} it fills after
 * releasing it. The masked chunks stream into the {@link SecAggServer}'s accumulator outside that lock.
 */
public final class SecureRound {

    private static final Logger LOG = LoggerFactory.getLogger("aggregator.secagg");

    private final SecureAggregation config;
    private final RoundParameters params;
    private final SecAggServer server;
    private final Duration setupTimeout;
    private final Duration longPoll;
    private final Instant started;
    private final Map<Stage, Map<String, RelayMessage>> relays = new HashMap<>();
    private final Map<String, String> out = new HashMap<>();
    private final SecAggPolls polls = new SecAggPolls();
    /**
     * When the current stage opened; null until the first participant calls: ADVERTISE_KEYS opens then, not at the
     * round's start, since in round 0 (or after a restart) the sites may start long after the aggregator.
     */
    private Instant stageOpened;
    private SecAggException failure;
    private SecAggResult result;
    private boolean abandoned;

    private SecureRound(SecureAggregation config, RoundParameters params, Instant now, Duration longPoll) {
        this.config = config;
        this.params = params;
        this.server = SecAggServer.start(params, config.trust());
        this.setupTimeout = Duration.ofSeconds(config.settings().setupTimeoutSeconds());
        this.longPoll = longPoll;
        this.started = now;
        Map<String, RelayMessage> setup = new HashMap<>();
        for (String p : params.participants()) {
            setup.put(p, new RoundSetup(params.round(), params.participants()));
        }
        relays.put(Stage.ADVERTISE_KEYS, setup);
    }

    /**
     * The secure round of {@code round} for {@code participants} and a model of {@code dimension} values.
     *
     * @throws SecAggException (CONFIGURATION) when the round cannot run secure aggregation (fewer than two
     *                         participants, settings that overflow for this many)
     */
    public static SecureRound begin(SecureAggregation config, long round, List<String> participants, long dimension,
            Instant now, Duration longPoll) {
        if (dimension > Integer.MAX_VALUE - 1) {
            throw new SecAggException(SecAggException.Kind.CONFIGURATION, "the model has " + dimension
                    + " values, more than secure aggregation's 2^31 - 2");
        }
        RoundParameters params = RoundParameters.resolve(config.settings(), config.federationId(), round,
                participants, (int) dimension);
        if (config.distributedDp().isPresent()) {
            DistributedGaussian noise = config.distributedDp().get().mechanism(params);
            params = DistributedDp.apply(params, noise);
            LOG.info("Secure aggregation, round {}: {}", round, noise);
        }
        LOG.info("Secure aggregation, round {}: {}", round, params);
        return new SecureRound(config, params, now, longPoll);
    }

    public RoundParameters parameters() {
        return params;
    }

    /** True once the round's sum is known or the round failed. */
    public boolean settled() {
        return result != null || failure != null;
    }

    /** The unmasked weighted average, once the round completed. */
    public Optional<SecAggResult> result() {
        return Optional.ofNullable(result);
    }

    /**
     * Why {@code collaborator} no longer takes part (it missed a stage, or the round failed), or empty while it
     * does (and for collaborators that never took part).
     */
    public Optional<String> outOfRound(String collaborator) {
        if (!params.graph().contains(collaborator)) {
            return Optional.empty();
        }
        if (out.containsKey(collaborator)) {
            return Optional.of(out.get(collaborator));
        }
        return failure == null ? Optional.empty() : Optional.of("secure aggregation of round " + params.round()
                + " failed: " + failure.getMessage());
    }

    /** Why the round failed, if it did. */
    public Optional<SecAggException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * One SecAggRequest of {@code sender}: its message is taken (checked by the secagg server), and the reply
     * is what the aggregator relays for the stage {@code sender} waits for next, once there is one.
     *
     * @throws FederationException (INVALID) naming what was wrong with the message; nothing changes
     */
    public CompletableFuture<SecAggReply> handle(String sender, Optional<byte[]> certificateDer,
            SecAggRequest request, Instant now, List<Runnable> replies) {
        if (stageOpened == null) {
            stageOpened = now;
        }
        Optional<ClientMessage> message;
        try {
            message = SecAggWire.clientMessage(request);
        } catch (SecAggException e) {
            throw FederationException.invalid(e.getMessage());
        }
        Stage awaited = SecAggWire.stage(request.getStage(), "SecAggRequest.stage");
        if (message.isPresent()) {
            awaited = take(sender, certificateDer, message.get()).next();
            advance(now, replies);
        }
        CompletableFuture<SecAggReply> reply = new CompletableFuture<>();
        Optional<SecAggReply> now2 = answer(sender, awaited);
        if (now2.isPresent()) {
            reply.complete(now2.get());
        } else {
            polls.add(sender, awaited, reply, now.plus(longPoll));
        }
        return reply;
    }

    private Stage take(String sender, Optional<byte[]> certificateDer, ClientMessage m) {
        try {
            if (m instanceof KeyAdvertisement k) {
                byte[] der = certificateDer.orElseThrow(() -> FederationException.invalid("secure aggregation"
                        + " needs the caller's TLS client certificate, and this call has none (an in-process call)"));
                if (!k.collaborator().equals(sender)) {
                    throw FederationException.invalid("the keys sent by '" + sender + "' are marked as those of '"
                            + k.collaborator() + "'");
                }
                server.acceptKeys(sender, der, k);
            } else if (m instanceof ShareUpload u) {
                server.acceptShares(sender, u);
            } else if (m instanceof ConsistencySignature c) {
                server.acceptConsistency(sender, c);
            } else if (m instanceof UnmaskResponse r) {
                server.acceptUnmask(sender, r);
            }
        } catch (SecAggException e) {
            throw FederationException.invalid(e.getMessage());
        }
        return m.stage();
    }

    /** What to tell {@code sender}, waiting for the input of {@code awaited}, now; empty to keep it waiting. */
    private Optional<SecAggReply> answer(String sender, Stage awaited) {
        if (awaited == Stage.DONE) {
            return Optional.of(wait(Stage.UNMASK));
        }
        RelayMessage relay = relays.getOrDefault(awaited, Map.of()).get(sender);
        if (relay != null) {
            return Optional.of(SecAggWire.reply(org.fl4j.protocol.v1.Header.getDefaultInstance(), relay));
        }
        if (out.containsKey(sender)) {
            return Optional.of(abort(awaited, out.get(sender)));
        }
        if (failure != null) {
            return Optional.of(abort(awaited, failure.getMessage()));
        }
        if (abandoned) {
            return Optional.of(abort(awaited, "round " + params.round() + " closed"));
        }
        if (!params.graph().contains(sender)) {
            return Optional.of(abort(awaited, "'" + sender + "' is not a participant of round " + params.round()
                    + " (no train task)"));
        }
        if (relays.containsKey(awaited)) {
            return Optional.of(abort(awaited, "'" + sender + "' missed an earlier stage of round " + params.round()));
        }
        return Optional.empty();
    }

    /**
     * Starts receiving {@code sender}'s masked input, whose single tensor is {@code spec}.
     *
     * @throws FederationException (INVALID) naming what does not fit the round
     */
    public MaskedInputSink openMaskedInput(String sender, List<TensorSpec> tensors) {
        if (tensors.size() != 1 || !MaskedInputHeader.CODEC.equals(tensors.get(0).codec())) {
            throw FederationException.invalid("the plan enables secure aggregation: a train result must be one"
                    + " masked tensor of codec '" + MaskedInputHeader.CODEC + "', found " + tensors);
        }
        TensorSpec t = tensors.get(0);
        long elements = t.elementCount();
        try {
            MaskedInputHeader header = SecAggWire.maskedInputHeader(t.maskedInput());
            if (header.elements() != elements) {
                throw FederationException.invalid("masked tensor '" + t.name() + "' has " + elements
                        + " elements, its codec metadata says " + header.elements());
            }
            return server.openMaskedInput(sender, header);
        } catch (SecAggException e) {
            throw FederationException.invalid(e.getMessage());
        }
    }

    /** Applies time: expired polls get a wait, stages past their timeout close. */
    public void tick(Instant now, List<Runnable> replies) {
        polls.expire(now, this::wait, replies);
        Stage s = server.stage();
        if (!settled() && s != Stage.MASKED_INPUT && stageOpened != null
                && !now.isBefore(stageOpened.plus(setupTimeout))) {
            close(s, now, replies, "the setup timeout of " + setupTimeout.toSeconds() + " s passed");
        }
        advance(now, replies);
    }

    /** The round's straggler policy lets it close: masked inputs still missing are given up on. */
    public void closeInputs(Instant now, List<Runnable> replies) {
        if (!settled() && server.stage() == Stage.MASKED_INPUT) {
            close(Stage.MASKED_INPUT, now, replies, "the straggler policy closed the round");
        }
    }

    /** The round closed (or the federation stops): every waiting collaborator is told it is over. */
    public void abandon(List<Runnable> replies) {
        abandoned = true;
        polls.drain(this::answer, replies);
    }

    /** Closes every stage whose participants all answered (after a masked input arrived, say). */
    public void advance(Instant now, List<Runnable> replies) {
        while (!settled()) {
            Stage s = server.stage();
            boolean all = switch (s) {
                case ADVERTISE_KEYS -> server.allKeysArrived();
                case SHARE_KEYS -> server.allSharesArrived();
                case MASKED_INPUT -> server.allMaskedInputsArrived();
                case CONSISTENCY -> server.allConsistencyArrived();
                case UNMASK -> server.allUnmaskArrived();
                case DONE -> false;
            };
            if (!all) {
                return;
            }
            close(s, now, replies, "every participant still in answered");
        }
    }

    private void close(Stage s, Instant now, List<Runnable> replies, String why) {
        long ms = Duration.between(stageOpened == null ? started : stageOpened, now).toMillis();
        try {
            Map<String, ? extends RelayMessage> next = switch (s) {
                case ADVERTISE_KEYS -> server.closeKeys();
                case SHARE_KEYS -> server.closeShares();
                case MASKED_INPUT -> server.closeMaskedInputs();
                case CONSISTENCY -> server.closeConsistency();
                case UNMASK -> Map.of();
                case DONE -> throw new IllegalStateException("the round is done");
            };
            if (s == Stage.UNMASK) {
                result = server.finish();
                LOG.info("Secure aggregation, round {}: unmasked in {} ms; survivors {}, dropped {}; secure round"
                        + " {} ms from its start", params.round(), result.unmasking().toMillis(), result.survivors(),
                        result.dropped(), Duration.between(started, now).toMillis() + result.unmasking().toMillis());
            } else {
                List<String> missing = new ArrayList<>(params.participants());
                missing.removeAll(next.keySet());
                missing.forEach(m -> out.putIfAbsent(m, "'" + m + "' is out of round " + params.round()
                        + ": it did not answer stage " + s + " in time, or too few of its neighbours did"));
                relays.put(s.next(), Map.copyOf(next));
                LOG.info("Secure aggregation, round {}: stage {} closed after {} ms ({}): {} of {} participants go"
                        + " on{}", params.round(), s, ms, why, next.size(), params.participants().size(),
                        missing.isEmpty() ? "" : ", out: " + missing);
            }
        } catch (SecAggException e) {
            failure = e;
            LOG.warn("Secure aggregation, round {}: failed at stage {} after {} ms: {}; the round keeps its model",
                    params.round(), s, ms, e.getMessage());
        }
        stageOpened = now;
        polls.drain(this::answer, replies);
    }

    private SecAggReply wait(Stage awaited) {
        return SecAggReply.newBuilder().setRound(params.round()).setStage(SecAggWire.stage(wireStage(awaited)))
                .setWait(org.fl4j.protocol.v1.SecAggWait.newBuilder().setRetryAfterMillis(0)).build();
    }

    private SecAggReply abort(Stage awaited, String reason) {
        return SecAggReply.newBuilder().setRound(params.round()).setStage(SecAggWire.stage(wireStage(awaited)))
                .setAbort(org.fl4j.protocol.v1.SecAggAbort.newBuilder().setReason(reason)).build();
    }

    private static Stage wireStage(Stage s) {
        return s == Stage.DONE ? Stage.UNMASK : s;
    }
}
