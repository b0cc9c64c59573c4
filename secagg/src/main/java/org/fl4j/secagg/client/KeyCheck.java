package org.fl4j.secagg.client;

import java.security.cert.X509Certificate;
import java.util.List;
import org.fl4j.secagg.PeerTrust;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.crypto.SignedData;
import org.fl4j.secagg.crypto.Signatures;
import org.fl4j.secagg.crypto.X25519;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.SignedKeys;

/**
 * A collaborator's checks of one neighbour's relayed keys: a neighbour of this round, keys of this round, the
 * right sizes, a certificate of the federation's CA for that name, and that certificate's signature over the keys,
 * the federation, the round, the name and this collaborator's own view of the participants.
 */
final class KeyCheck {

    private final RoundParameters params;
    private final String me;
    private final List<String> neighbours;
    private final PeerTrust trust;

    KeyCheck(RoundParameters params, String me, List<String> neighbours, PeerTrust trust) {
        this.params = params;
        this.me = me;
        this.neighbours = neighbours;
        this.trust = trust;
    }

    /** The neighbour whose keys these are; aborts, saying why, when any check fails. */
    Neighbour check(SignedKeys relayed) {
        KeyAdvertisement k = relayed.keys();
        String v = k.collaborator();
        if (!neighbours.contains(v)) {
            throw SecAggClient.abort("the aggregator relayed keys of '" + v + "', which is not a neighbour of '" + me
                    + "'");
        }
        if (k.round() != params.round()) {
            throw SecAggClient.abort("the keys relayed for '" + v + "' are of round " + k.round() + ", not "
                    + params.round() + " (a replay)");
        }
        if (k.cipherPublicKey().length != X25519.KEY_BYTES || k.maskPublicKey().length != X25519.KEY_BYTES
                || k.seedCommitment().length != 32) {
            throw SecAggClient.abort("the keys relayed for '" + v + "' have the wrong sizes");
        }
        X509Certificate certificate;
        try {
            certificate = trust.collaborator(relayed.certificate(), v);
        } catch (SecAggException e) {
            throw SecAggClient.abort(e.getMessage());
        }
        byte[] signed = SignedData.keys(params.federationId(), params.round(), v, params.participantsDigest(),
                k.cipherPublicKey(), k.maskPublicKey(), k.seedCommitment());
        if (!Signatures.verify(certificate.getPublicKey(), signed, k.signature())) {
            throw SecAggClient.abort("the keys relayed for '" + v + "' do not carry its signature over this round's"
                    + " keys and participants: they were substituted, or '" + v + "' was told other participants");
        }
        return new Neighbour(v, certificate, k.cipherPublicKey(), k.maskPublicKey());
    }
}
