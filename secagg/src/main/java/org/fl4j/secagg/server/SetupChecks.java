package org.fl4j.secagg.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fl4j.secagg.PeerTrust;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.crypto.ShareCipher;
import org.fl4j.secagg.crypto.SignedData;
import org.fl4j.secagg.crypto.Signatures;
import org.fl4j.secagg.message.EncryptedShare;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.ShareUpload;
import org.fl4j.secagg.message.SharesRelay;

/** The server's checks of the first two stages' messages, and the shares relay. */
final class SetupChecks {

    private SetupChecks() {
    }

    /** A participant's keys: its own, 32 bytes each, signed by the certificate of its TLS session. */
    static void keys(RoundParameters params, PeerTrust trust, String sender, byte[] certificateDer,
            KeyAdvertisement keys) {
        if (!keys.collaborator().equals(sender)) {
            throw refused(sender, "it advertises keys for '" + keys.collaborator() + "'");
        }
        if (keys.cipherPublicKey().length != 32 || keys.maskPublicKey().length != 32
                || keys.seedCommitment().length != 32) {
            throw refused(sender, "its keys or seed commitment are not 32 bytes each");
        }
        var certificate = trust.collaborator(certificateDer, sender);
        byte[] signed = SignedData.keys(params.federationId(), params.round(), sender, params.participantsDigest(),
                keys.cipherPublicKey(), keys.maskPublicKey(), keys.seedCommitment());
        if (!Signatures.verify(certificate.getPublicKey(), signed, keys.signature())) {
            throw refused(sender, "the signature over its keys does not verify with its certificate");
        }
    }

    /** A participant's shares: from it, exactly one of the right size for each of its neighbours in U1. */
    static void shares(RoundParameters params, Set<String> u1, String sender, ShareUpload upload) {
        Set<String> expected = new TreeSet<>(Membership.neighboursIn(params.graph(), sender, u1));
        Set<String> seen = new TreeSet<>();
        for (EncryptedShare s : upload.shares()) {
            if (!s.sender().equals(sender)) {
                throw refused(sender, "it sent a share marked as from '" + s.sender() + "'");
            }
            if (!expected.contains(s.receiver()) || !seen.add(s.receiver())) {
                throw refused(sender, "it sent a share for '" + s.receiver() + "', which is not one of its"
                        + " neighbours with keys " + expected + " or got a share already");
            }
            if (s.nonce().length != ShareCipher.NONCE_BYTES || s.ciphertext().length != ShareLayout.CIPHERTEXT_BYTES) {
                throw refused(sender, "its share for '" + s.receiver() + "' has the wrong size");
            }
        }
        if (!seen.equals(expected)) {
            expected.removeAll(seen);
            throw refused(sender, "it sent no share for " + expected);
        }
    }

    /** For each member of U2, the shares addressed to it by members of U2. */
    static Map<String, SharesRelay> sharesRelay(long round, Set<String> u2, Map<String, ShareUpload> shares) {
        Map<String, List<EncryptedShare>> to = new HashMap<>();
        for (String v : u2) {
            for (EncryptedShare s : shares.get(v).shares()) {
                if (u2.contains(s.receiver())) {
                    to.computeIfAbsent(s.receiver(), r -> new ArrayList<>()).add(s);
                }
            }
        }
        Map<String, SharesRelay> relay = new LinkedHashMap<>();
        for (String u : u2) {
            relay.put(u, new SharesRelay(round, to.getOrDefault(u, List.of())));
        }
        return relay;
    }

    static SecAggException refused(String sender, String why) {
        return new SecAggException(SecAggException.Kind.REFUSED, "secure-aggregation message from '" + sender
                + "' refused: " + why);
    }
}
