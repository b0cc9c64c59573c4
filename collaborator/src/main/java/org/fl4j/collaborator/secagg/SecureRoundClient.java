package org.fl4j.collaborator.secagg;

import java.security.SecureRandom;
import java.util.List;
import org.fl4j.privacy.distributed.DistributedGaussian;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.v1.SecAggPoll;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.Stage;
import org.fl4j.secagg.client.MaskedUpload;
import org.fl4j.secagg.client.SecAggClient;
import org.fl4j.secagg.crypto.RoundRandom;
import org.fl4j.secagg.dp.DistributedDp;
import org.fl4j.secagg.message.ClientMessage;
import org.fl4j.secagg.message.ConsistencyRequest;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.RelayMessage;
import org.fl4j.secagg.message.RoundSetup;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.message.UnmaskRequest;
import org.fl4j.secagg.wire.SecAggWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collaborator's part in one round of secure aggregation, over the long-polled SecureAggregation call:
 * {@link #setUp()} before training (setup relay, signed keys, encrypted shares), {@link #mask} to turn the
 * trained weights into the masked train result, {@link #finish()} after it (consistency signature, revealed
 * shares). Any stage may end the collaborator's part: the aggregator's abort (it missed a stage, the round
 * failed) or the client's own refusal of what was relayed ({@link SecAggException}); its secrets are then
 * cleared and the round goes on without it. Not thread-safe: the collaborator loop's thread drives it.
 */
public final class SecureRoundClient {

    private static final Logger LOG = LoggerFactory.getLogger("collaborator.secagg");

    /** One SecureAggregation call (with the caller's retries). */
    @FunctionalInterface
    public interface Exchange {
        SecAggReply call(SecAggRequest request) throws InterruptedException;
    }

    private final Exchange exchange;
    private final SecureSite site;
    private final String federationId;
    private final long round;
    private final long dimension;
    /** This round's random source (keys, shares, nonces, rounding, noise). */
    private final SecureRandom random = RoundRandom.create();
    private SecAggClient client;
    private SharesRelay shares;
    private boolean masked;
    /** The round's distributed discrete Gaussian, under client-level DP; null otherwise. */
    private DistributedGaussian noise;

    public SecureRoundClient(Exchange exchange, SecureSite site, String federationId, long round, long dimension) {
        this.exchange = exchange;
        this.site = site;
        this.federationId = federationId;
        this.round = round;
        this.dimension = dimension;
    }

    /**
     * Stages ADVERTISE_KEYS and SHARE_KEYS, until the aggregator relays the shares addressed to this site.
     *
     * @throws SecAggException when this site is out of the round (the message says why)
     */
    public void setUp() throws InterruptedException {
        long start = System.nanoTime();
        RoundSetup setup = (RoundSetup) await(poll(Stage.ADVERTISE_KEYS), Stage.ADVERTISE_KEYS);
        if (dimension > Integer.MAX_VALUE - 1) {
            throw new SecAggException(SecAggException.Kind.CONFIGURATION, "the model has " + dimension + " values");
        }
        RoundParameters params = RoundParameters.resolve(site.settings(), federationId, setup.round(),
                setup.participants(), (int) dimension);
        if (site.distributedDp().isPresent()) {
            noise = site.distributedDp().get().mechanism(params);
            params = DistributedDp.apply(params, noise);
            LOG.info("Secure aggregation, round {}: {}", round, noise);
        }
        client = SecAggClient.start(params, site.identity(), site.trust(), random);
        NeighbourKeys keys = (NeighbourKeys) guardedCall(() -> await(send(client.advertiseKeys()), Stage.SHARE_KEYS));
        shares = (SharesRelay) guardedCall(() -> await(send(client.shareKeys(keys)), Stage.MASKED_INPUT));
        LOG.info("Secure aggregation, round {}: keys and shares exchanged with {} neighbours in {} ms", round,
                shares.shares().size(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The masked train result of {@code trained} (the runner's weights after training) against the round's
     * {@code global} model: the delta, clipped, quantised, weighted by {@code trained}'s sample count and masked,
     * as one tensor of codec secagg-int32. The sample count is sent inside the masked vector only: the result's
     * clear sample count is 1. Under client-level DP the delta is instead clipped to the plan's L2 clip norm,
     * encoded as integers and noised with this site's share ({@link DistributedDp#encode}), with weight 1.
     */
    public TaskUpload mask(TaskUpload trained, ModelWeights global) {
        List<Tensor> local = trained.tensors().tensors();
        if (!trained.tensors().sameLayout(global)) {
            throw new SecAggException(SecAggException.Kind.REFUSED, "the trained weights do not have the global"
                    + " model's tensors (names and shapes): no delta to mask");
        }
        float[][] delta = new float[local.size()][];
        for (int i = 0; i < delta.length; i++) {
            float[] l = local.get(i).values();
            float[] g = global.tensors().get(i).values();
            delta[i] = new float[l.length];
            for (int j = 0; j < l.length; j++) {
                delta[i][j] = l[j] - g[j];
            }
        }
        MaskedUpload upload = guarded(() -> noise != null
                ? client.maskedInput(shares, DistributedDp.encode(delta, noise, random))
                : client.maskedInput(shares, delta, Math.max(1, trained.sampleCount())));
        float[] words = MaskedWords.of(upload);
        masked = true;
        if (upload.clippedCount() > 0) {
            LOG.info("Secure aggregation, round {}: {} of {} update values clipped to the clip range", round,
                    upload.clippedCount(), dimension);
        }
        Tensor t = new Tensor("secagg_masked_input", new int[] {words.length}, words);
        return TaskUpload.maskedInput(trained.round(), trained.task(), trained.metrics(), t,
                SecAggWire.codecMetadata(upload.header()));
    }

    /** True once {@link #mask} produced the masked input (the later stages follow only then). */
    public boolean hasMasked() {
        return masked;
    }

    /** Stages CONSISTENCY and UNMASK, after the masked input was sent. */
    public void finish() throws InterruptedException {
        long start = System.nanoTime();
        ConsistencyRequest survivors = (ConsistencyRequest) await(poll(Stage.CONSISTENCY), Stage.CONSISTENCY);
        UnmaskRequest request = (UnmaskRequest) guardedCall(() -> await(send(client.consistency(survivors)),
                Stage.UNMASK));
        ClientMessage revealed = guarded(() -> client.unmask(request));
        SecAggReply last = call(SecAggWire.request(org.fl4j.protocol.v1.Header.getDefaultInstance(),
                revealed));
        if (last.hasAbort()) {
            throw new SecAggException(SecAggException.Kind.ABORTED, "the aggregator ended this collaborator's part: "
                    + last.getAbort().getReason());
        }
        LOG.info("Secure aggregation, round {}: survivors {} signed, shares revealed in {} ms", round,
                survivors.survivors(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Clears the round's secrets. */
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    /** One call; the aggregator's refusal of a message ends this site's part in the round. */
    private SecAggReply call(SecAggRequest request) throws InterruptedException {
        try {
            return exchange.call(request);
        } catch (FederationException e) {
            if (e.kind() == FederationException.Kind.INVALID) {
                throw new SecAggException(SecAggException.Kind.ABORTED, "the aggregator refused this collaborator's"
                        + " message: " + e.getMessage());
            }
            throw e;
        }
    }

    private SecAggRequest poll(Stage awaited) {
        return SecAggRequest.newBuilder().setRound(round).setStage(SecAggWire.stage(awaited))
                .setPoll(SecAggPoll.getDefaultInstance()).build();
    }

    private SecAggRequest send(ClientMessage m) {
        return SecAggWire.request(org.fl4j.protocol.v1.Header.getDefaultInstance(), m);
    }

    /** Sends {@code request}, then polls while told to wait, until the relay for {@code awaited} arrives. */
    private RelayMessage await(SecAggRequest request, Stage awaited) throws InterruptedException {
        SecAggReply reply = call(request);
        while (true) {
            if (reply.getRound() != round) {
                throw new SecAggException(SecAggException.Kind.ABORTED, "the aggregator replied for round "
                        + reply.getRound() + ", not " + round);
            }
            if (reply.hasAbort()) {
                throw new SecAggException(SecAggException.Kind.ABORTED, "the aggregator ended this collaborator's"
                        + " part at stage " + awaited + ": " + reply.getAbort().getReason());
            }
            if (!reply.hasWait()) {
                RelayMessage m = SecAggWire.relayMessage(reply).orElseThrow();
                if (m.stage() != awaited) {
                    throw new SecAggException(SecAggException.Kind.ABORTED, "the aggregator relayed the input of"
                            + " stage " + m.stage() + " while this collaborator waits for " + awaited);
                }
                return m;
            }
            reply = call(poll(awaited));
        }
    }

    /** A step during which a failure ends this site's part in the round: its secrets are cleared. */
    private <T> T guardedCall(Step<T> step) throws InterruptedException {
        try {
            return step.run();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T> T guarded(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws InterruptedException;
    }
}
