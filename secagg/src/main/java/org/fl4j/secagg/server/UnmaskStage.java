package org.fl4j.secagg.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.message.RevealedShare;
import org.fl4j.secagg.message.UnmaskRequest;
import org.fl4j.secagg.message.UnmaskResponse;
import org.fl4j.secagg.shamir.Share;

/**
 * Stage UNMASK on the server: collects the revealed shares, each exactly as requested. Guarded by the server's
 * lock.
 */
final class UnmaskStage {

    private final RoundParameters params;
    private Map<String, UnmaskRequest> requests = Map.of();
    private final Set<String> answered = new HashSet<>();
    private final Map<String, List<Share>> seedShares = new HashMap<>();
    private final Map<String, List<Share>> keyShares = new HashMap<>();

    UnmaskStage(RoundParameters params) {
        this.params = params;
    }

    void expect(Map<String, UnmaskRequest> sent) {
        requests = Map.copyOf(sent);
    }

    boolean asked(String sender) {
        return requests.containsKey(sender);
    }

    boolean allArrived() {
        return answered.containsAll(requests.keySet());
    }

    void accept(String sender, UnmaskResponse response) {
        if (answered.contains(sender)) {
            throw refused(sender, "it already revealed its shares");
        }
        UnmaskRequest asked = requests.get(sender);
        Set<String> seeds = new HashSet<>(asked.seedSharesOf());
        Set<String> keys = new HashSet<>(asked.keySharesOf());
        int x = params.shareX(sender);
        List<Map.Entry<String, Share>> seedOut = new ArrayList<>();
        List<Map.Entry<String, Share>> keyOut = new ArrayList<>();
        for (RevealedShare r : response.shares()) {
            boolean wanted = r.kind() == RevealedShare.Kind.SELF_SEED ? seeds.remove(r.owner())
                    : keys.remove(r.owner());
            if (!wanted) {
                throw refused(sender, "it revealed a " + r.kind() + " share of '" + r.owner() + "' it was not asked"
                        + " for, or twice");
            }
            if (r.x() != x) {
                throw refused(sender, "its share of '" + r.owner() + "' is at point " + r.x() + ", its point is " + x);
            }
            Share share;
            try {
                share = Share.of(x, r.y());
            } catch (IllegalArgumentException e) {
                throw refused(sender, "its share of '" + r.owner() + "' is malformed: " + e.getMessage());
            }
            (r.kind() == RevealedShare.Kind.SELF_SEED ? seedOut : keyOut).add(Map.entry(r.owner(), share));
        }
        if (!seeds.isEmpty() || !keys.isEmpty()) {
            throw refused(sender, "it did not reveal the shares of " + seeds + " (self-seed) and " + keys
                    + " (mask key) it was asked for");
        }
        seedOut.forEach(e -> seedShares.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        keyOut.forEach(e -> keyShares.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        answered.add(sender);
    }

    Map<String, List<Share>> seedShares() {
        return seedShares;
    }

    Map<String, List<Share>> keyShares() {
        return keyShares;
    }

    private static SecAggException refused(String sender, String why) {
        return new SecAggException(SecAggException.Kind.REFUSED, "unmasking shares from '" + sender + "' refused: "
                + why);
    }
}
