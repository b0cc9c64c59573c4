package org.fl4j.secagg;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.secagg.client.MaskedUpload;
import org.fl4j.secagg.client.SecAggClient;
import org.fl4j.secagg.message.ClientMessage;
import org.fl4j.secagg.message.RelayMessage;
import org.fl4j.secagg.message.RoundSetup;
import org.fl4j.secagg.server.MaskedInputSink;
import org.fl4j.secagg.server.SecAggServer;
import org.fl4j.secagg.wire.SecAggWire;

/**
 * A test fixture (in fl4j-secagg's test-jar): one whole round of secure aggregation in one JVM, as the runtime
 * will drive it, with every message through its protobuf encoding and bytes, the masked inputs streamed in
 * chunks, and collaborators dropping out at the stage each is told to. Clients of one stage run in parallel.
 */
public final class InProcessRound {

    /** When a collaborator stops answering. */
    public enum Drop { NONE, BEFORE_KEYS, AFTER_KEYS, AFTER_SHARES, AFTER_INPUT, AFTER_CONSISTENCY }

    /** A round's outcome: the server's result or failure, and each client's failure. */
    public record Outcome(RoundParameters params, SecAggResult result, SecAggException failure,
            Map<String, SecAggException> clientFailures, Map<String, int[]> maskedInputs) {
    }

    private static final Header HEADER = Header.newBuilder().setSender("test").setReceiver("test")
            .setFederationId("fl4j-0123456789abcdef").build();

    private final TestSites sites = TestSites.get();
    private SecureAggregationSettings settings = SecureAggregationSettings.disabled();
    private String federationId = "fl4j-0123456789abcdef";
    private long round = 1;
    private final List<String> participants;
    private final Map<String, float[][]> updates = new HashMap<>();
    private final Map<String, Long> samples = new HashMap<>();
    private final Map<String, Drop> drops = new HashMap<>();
    private final List<String> keepMaskedInputOf = new ArrayList<>();
    private int chunkBytes = 64 * 1024;
    private org.fl4j.secagg.dp.DistributedDp distributedDp;

    public InProcessRound(List<String> participants) {
        this.participants = List.copyOf(participants);
    }

    public InProcessRound settings(SecureAggregationSettings s) {
        this.settings = s;
        return this;
    }

    public InProcessRound round(String federation, long number) {
        this.federationId = federation;
        this.round = number;
        return this;
    }

    public InProcessRound update(String name, float[][] update, long sampleCount) {
        updates.put(name, update);
        samples.put(name, sampleCount);
        return this;
    }

    public InProcessRound drop(String name, Drop when) {
        drops.put(name, when);
        return this;
    }

    /** Keep the masked vector {@code name} uploaded (as the server received it). */
    public InProcessRound keepMaskedInput(String name) {
        keepMaskedInputOf.add(name);
        return this;
    }

    /** Every client encodes and noises its update for distributed DP, and the round uses its quantisation. */
    public InProcessRound distributedDp(org.fl4j.secagg.dp.DistributedDp dp) {
        this.distributedDp = dp;
        return this;
    }

    public InProcessRound chunkBytes(int bytes) {
        this.chunkBytes = bytes;
        return this;
    }

    public Outcome run(int dimension) {
        RoundParameters params = withDp(RoundParameters.resolve(settings, federationId, round, participants,
                dimension));
        PeerTrust trust = sites.trust();
        Map<String, SiteIdentity> ids = new HashMap<>();
        sites.identities(participants).forEach(id -> ids.put(id.name(), id));
        SecAggServer server = SecAggServer.start(params, trust);
        Map<String, SecAggClient> clients = new ConcurrentHashMap<>();
        Map<String, SecAggException> failures = new ConcurrentHashMap<>();
        Map<String, int[]> kept = new ConcurrentHashMap<>();
        RoundSetup setup = relay(new RoundSetup(round, params.participants()));
        for (String name : participants) {
            // each client derives the round from the relayed participants and its own copy of the plan
            RoundParameters own = withDp(RoundParameters.resolve(settings, federationId, setup.round(),
                    setup.participants(), dimension));
            clients.put(name, SecAggClient.start(own, ids.get(name), trust, new SecureRandom()));
        }
        try {
            stage(clients, Drop.BEFORE_KEYS, failures, name -> {
                var advertised = send(clients.get(name).advertiseKeys());
                server.acceptKeys(name, ids.get(name).certificateDer(),
                        (org.fl4j.secagg.message.KeyAdvertisement) advertised);
            });
            var keys = server.closeKeys();
            stage(only(clients, keys.keySet()), Drop.AFTER_KEYS, failures, name -> server.acceptShares(name,
                    (org.fl4j.secagg.message.ShareUpload) send(clients.get(name).shareKeys(relay(keys.get(name))))));
            var shares = server.closeShares();
            stage(only(clients, shares.keySet()), Drop.AFTER_SHARES, failures, name -> {
                MaskedUpload upload = distributedDp == null ? clients.get(name).maskedInput(relay(shares.get(name)),
                        updates.get(name), samples.get(name)) : clients.get(name).maskedInput(relay(shares.get(name)),
                        org.fl4j.secagg.dp.DistributedDp.encode(copy(updates.get(name)),
                                distributedDp.mechanism(params), new SecureRandom()));
                stream(server, name, upload, kept);
            });
            var survivors = server.closeMaskedInputs();
            stage(only(clients, survivors.keySet()), Drop.AFTER_INPUT, failures, name -> server.acceptConsistency(name,
                    (org.fl4j.secagg.message.ConsistencySignature) send(clients.get(name).consistency(
                            relay(survivors.get(name))))));
            var unmask = server.closeConsistency();
            stage(only(clients, unmask.keySet()), Drop.AFTER_CONSISTENCY, failures, name -> server.acceptUnmask(name,
                    (org.fl4j.secagg.message.UnmaskResponse) send(clients.get(name).unmask(relay(unmask.get(name))))));
            return new Outcome(params, server.finish(), null, failures, kept);
        } catch (SecAggException e) {
            return new Outcome(params, null, e, failures, kept);
        }
    }

    private RoundParameters withDp(RoundParameters p) {
        return distributedDp == null ? p : org.fl4j.secagg.dp.DistributedDp.apply(p, distributedDp.mechanism(p));
    }

    private static float[][] copy(float[][] update) {
        float[][] out = new float[update.length][];
        for (int i = 0; i < update.length; i++) {
            out[i] = update[i].clone();
        }
        return out;
    }

    private void stage(Map<String, SecAggClient> clients, Drop drop, Map<String, SecAggException> failures,
            java.util.function.Consumer<String> step) {
        clients.keySet().parallelStream()
                .filter(name -> drops.getOrDefault(name, Drop.NONE) != drop && !failures.containsKey(name))
                .forEach(name -> {
                    try {
                        step.accept(name);
                    } catch (SecAggException e) {
                        failures.put(name, e);
                    }
                });
    }

    private Map<String, SecAggClient> only(Map<String, SecAggClient> clients, java.util.Set<String> names) {
        Map<String, SecAggClient> out = new HashMap<>();
        names.forEach(n -> out.put(n, Objects.requireNonNull(clients.get(n))));
        return out;
    }

    private void stream(SecAggServer server, String name, MaskedUpload upload, Map<String, int[]> kept) {
        MaskedInputSink sink = server.openMaskedInput(name, SecAggWire.maskedInputHeader(
                SecAggWire.codecMetadata(upload.header())));
        int[] copy = keepMaskedInputOf.contains(name) ? new int[(int) upload.elements()] : null;
        ByteBuffer chunk = ByteBuffer.allocate(chunkBytes);
        while (upload.hasRemaining()) {
            long offset = upload.position();
            chunk.clear();
            while (upload.hasRemaining() && chunk.remaining() >= 4) {
                upload.next(chunk);
            }
            chunk.flip();
            if (copy != null) {
                chunk.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(copy, (int) offset,
                        chunk.remaining() / 4);
            }
            sink.accept(offset, chunk);
        }
        sink.commit();
        if (copy != null) {
            kept.put(name, copy);
        }
    }

    /** A client message through its protobuf bytes, as the server would read it. */
    static ClientMessage send(ClientMessage m) {
        try {
            return SecAggWire.clientMessage(SecAggRequest.parseFrom(SecAggWire.request(HEADER, m).toByteArray()))
                    .orElseThrow();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A relayed message through its protobuf bytes, as the client would read it. */
    @SuppressWarnings("unchecked")
    static <T extends RelayMessage> T relay(T m) {
        try {
            return (T) SecAggWire.relayMessage(SecAggReply.parseFrom(SecAggWire.reply(HEADER, m).toByteArray()))
                    .orElseThrow();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain weighted average of {@code survivors}' clipped updates with capped weights. */
    public double[] expectedAverage(List<String> survivors, int dimension) {
        double[] sum = new double[dimension];
        double weights = 0;
        for (String s : survivors) {
            double w = Math.min(samples.get(s), settings.weightCap());
            int i = 0;
            for (float[] t : updates.get(s)) {
                for (float v : t) {
                    sum[i++] += w * Math.max(-settings.clipRange(), Math.min(settings.clipRange(), v));
                }
            }
            weights += w;
        }
        for (int i = 0; i < dimension; i++) {
            sum[i] /= weights;
        }
        return sum;
    }
}
