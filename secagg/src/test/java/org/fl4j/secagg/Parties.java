package org.fl4j.secagg;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.client.MaskedUpload;
import org.fl4j.secagg.client.SecAggClient;
import org.fl4j.secagg.message.ConsistencyRequest;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.message.UnmaskRequest;
import org.fl4j.secagg.server.MaskedInputSink;
import org.fl4j.secagg.server.SecAggServer;

/**
 * Test fixture: the clients and the honest server of one small round, advanced a stage at a time, so a test can
 * tamper with what the aggregator relays to one client (the malicious aggregator) or what a client sends.
 */
final class Parties {

    static final String FEDERATION = "fl4j-0123456789abcdef";

    final RoundParameters params;
    final SecAggServer server;
    final Map<String, SecAggClient> clients = new LinkedHashMap<>();
    final Map<String, SiteIdentity> ids = new LinkedHashMap<>();
    final int dimension;

    Parties(List<String> names, long round, int dimension) {
        this.dimension = dimension;
        this.params = RoundParameters.resolve(SecureAggregationSettings.disabled(), FEDERATION, round, names,
                dimension);
        PeerTrust trust = TestSites.get().trust();
        this.server = SecAggServer.start(params, trust);
        for (SiteIdentity id : TestSites.get().identities(names)) {
            ids.put(id.name(), id);
            clients.put(id.name(), SecAggClient.start(params, id, trust, new SecureRandom()));
        }
    }

    Map<String, NeighbourKeys> keys() {
        clients.forEach((name, c) -> server.acceptKeys(name, ids.get(name).certificateDer(), c.advertiseKeys()));
        return server.closeKeys();
    }

    Map<String, SharesRelay> shares(Map<String, NeighbourKeys> relay) {
        relay.forEach((name, k) -> server.acceptShares(name, clients.get(name).shareKeys(k)));
        return server.closeShares();
    }

    Map<String, ConsistencyRequest> inputs(Map<String, SharesRelay> relay) {
        relay.forEach((name, s) -> upload(name, clients.get(name).maskedInput(s, update(name), 10)));
        return server.closeMaskedInputs();
    }

    Map<String, UnmaskRequest> consistency(Map<String, ConsistencyRequest> relay) {
        relay.forEach((name, r) -> server.acceptConsistency(name, clients.get(name).consistency(r)));
        return server.closeConsistency();
    }

    float[][] update(String name) {
        float[] x = new float[dimension];
        java.util.Arrays.fill(x, 0.01f * (1 + params.graph().index(name)));
        return new float[][] {x};
    }

    void upload(String name, MaskedUpload upload) {
        MaskedInputSink sink = server.openMaskedInput(name, upload.header());
        ByteBuffer b = ByteBuffer.allocate((int) upload.elements() * 4);
        while (upload.hasRemaining()) {
            upload.next(b);
        }
        b.flip();
        sink.accept(0, b);
        sink.commit();
    }
}
