package org.fl4j.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.secagg.SecAggException.Kind;
import org.fl4j.secagg.client.SecAggClient;
import org.fl4j.secagg.crypto.X25519;
import org.fl4j.secagg.message.ConsistencyRequest;
import org.fl4j.secagg.message.ConsistencySignature;
import org.fl4j.secagg.message.EncryptedShare;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.message.SignedKeys;
import org.fl4j.secagg.message.UnmaskRequest;
import org.junit.jupiter.api.Test;

/**
 * An aggregator that deviates from the protocol, relaying to collaborator A what an honest one would not: A
 * refuses to go on (ABORTED, or TOO_FEW), says why, and reveals nothing. Four sites, complete graph, t = 2.
 */
class MaliciousAggregatorTest {

    private static final List<String> NAMES = TestSites.names(4);
    private static final String A = "site-0000";
    private static final String B = "site-0001";
    private static final String C = "site-0002";

    private final Parties p = new Parties(NAMES, 9, 50);

    @Test
    void shareKeys_substitutedKey_signatureFails() {
        NeighbourKeys relay = p.keys().get(A);
        SignedKeys b = find(relay, B);
        byte[] mine = X25519.generate(new SecureRandom()).publicKey();
        KeyAdvertisement k = b.keys();
        NeighbourKeys forged = replace(relay, B, new SignedKeys(new KeyAdvertisement(k.round(), B, mine,
                k.maskPublicKey(), k.seedCommitment(), k.signature()), b.certificate()));

        assertAborts(() -> p.clients.get(A).shareKeys(forged), "the keys relayed for 'site-0001' do not carry its"
                + " signature over this round's keys and participants");
        assertThat(p.clients.get(A).stage()).isEqualTo(Stage.DONE);
    }

    @Test
    void shareKeys_keysWithAnotherCollaboratorsCertificate_refused() throws Exception {
        NeighbourKeys relay = p.keys().get(A);
        NeighbourKeys forged = replace(relay, B, new SignedKeys(find(relay, B).keys(),
                p.ids.get(C).certificate().getEncoded()));

        assertAborts(() -> p.clients.get(A).shareKeys(forged), "the certificate relayed for 'site-0001' belongs to"
                + " 'site-0002' (its CN)");
    }

    @Test
    void shareKeys_keysSignedByAnotherCollaborator_signatureFails() {
        NeighbourKeys relay = p.keys().get(A);
        KeyAdvertisement b = find(relay, B).keys();
        // C signs B's keys with its own certificate key; the aggregator relays them with B's certificate
        byte[] signed = org.fl4j.secagg.crypto.SignedData.keys(Parties.FEDERATION, 9, B, p.params.participantsDigest(),
                b.cipherPublicKey(), b.maskPublicKey(), b.seedCommitment());
        byte[] byC = org.fl4j.secagg.crypto.Signatures.sign(p.ids.get(C).privateKey(), signed);
        NeighbourKeys forged = replace(relay, B, new SignedKeys(new KeyAdvertisement(9, B, b.cipherPublicKey(),
                b.maskPublicKey(), b.seedCommitment(), byC), find(relay, B).certificate()));

        assertAborts(() -> p.clients.get(A).shareKeys(forged), "do not carry its signature");
    }

    @Test
    void shareKeys_certificateFromAnotherCa_refused() throws CertificateEncodingException {
        NeighbourKeys relay = p.keys().get(A);
        NeighbourKeys forged = replace(relay, B, new SignedKeys(find(relay, B).keys(),
                TestSites.get().foreignCertificate(B).getEncoded()));

        assertAborts(() -> p.clients.get(A).shareKeys(forged), "the certificate relayed for 'site-0001' was issued by");
    }

    @Test
    void shareKeys_keysOfAnEarlierRound_refusedAsAReplay() {
        Parties earlier = new Parties(NAMES, 8, 50);
        SignedKeys old = find(earlier.keys().get(A), B);
        NeighbourKeys relay = p.keys().get(A);
        KeyAdvertisement o = old.keys();
        NeighbourKeys asIs = replace(relay, B, old);
        NeighbourKeys relabelled = replace(relay, B, new SignedKeys(new KeyAdvertisement(9, B, o.cipherPublicKey(),
                o.maskPublicKey(), o.seedCommitment(), o.signature()), old.certificate()));

        assertAborts(() -> p.clients.get(A).shareKeys(asIs), "are of round 8, not 9 (a replay)");
        SecAggClient fresh = freshClientAtShareKeys();
        assertThatThrownBy(() -> fresh.shareKeys(relabelled)).hasMessageContaining("do not carry its signature");
    }

    @Test
    void shareKeys_participantsToldDifferently_signatureFails() {
        // B was told participants without site-0003: its signature covers another participant digest
        RoundParameters other = RoundParameters.resolve(org.fl4j.plan.SecureAggregationSettings.disabled(),
                Parties.FEDERATION, 9, NAMES.subList(0, 3), 50);
        SecAggClient misled = SecAggClient.start(other, p.ids.get(B), TestSites.get().trust(), new SecureRandom());
        KeyAdvertisement fromMisled = misled.advertiseKeys();
        NeighbourKeys relay = p.keys().get(A);
        NeighbourKeys forged = replace(relay, B, new SignedKeys(fromMisled, find(relay, B).certificate()));

        assertAborts(() -> p.clients.get(A).shareKeys(forged), "was told other participants");
    }

    @Test
    void maskedInput_tamperedShareCiphertext_failsAuthentication() {
        SharesRelay relay = p.shares(p.keys()).get(A);
        List<EncryptedShare> shares = new ArrayList<>(relay.shares());
        EncryptedShare s = shares.get(0);
        byte[] c = s.ciphertext();
        c[3] ^= 0x40;
        shares.set(0, new EncryptedShare(s.sender(), s.receiver(), s.nonce(), c));

        assertAborts(() -> p.clients.get(A).maskedInput(new SharesRelay(9, shares), p.update(A), 10),
                "the share from '" + s.sender() + "' fails authentication");
    }

    @Test
    void maskedInput_shareRedirectedToAnotherReceiver_failsAuthentication() {
        Map<String, SharesRelay> relay = p.shares(p.keys());
        // B's share meant for C, relabelled as meant for A
        EncryptedShare toC = relay.get(C).shares().stream().filter(s -> s.sender().equals(B)).findFirst().orElseThrow();
        List<EncryptedShare> shares = new ArrayList<>(relay.get(A).shares());
        shares.removeIf(s -> s.sender().equals(B));
        shares.add(new EncryptedShare(B, A, toC.nonce(), toC.ciphertext()));

        assertAborts(() -> p.clients.get(A).maskedInput(new SharesRelay(9, shares), p.update(A), 10),
                "fails authentication");
    }

    @Test
    void unmask_requestForBothSharesOfOneCollaborator_refused() {
        Map<String, UnmaskRequest> relay = p.consistency(p.inputs(p.shares(p.keys())));
        UnmaskRequest honest = relay.get(A);
        UnmaskRequest greedy = new UnmaskRequest(9, honest.signatures(), honest.seedSharesOf(), List.of(B));

        assertAborts(() -> p.clients.get(A).unmask(greedy), "asks for both the self-seed share and the mask-key"
                + " share of 'site-0001'");
    }

    @Test
    void unmask_maskKeyShareOfASurvivor_refused() {
        Map<String, UnmaskRequest> relay = p.consistency(p.inputs(p.shares(p.keys())));
        UnmaskRequest honest = relay.get(A);
        UnmaskRequest greedy = new UnmaskRequest(9, honest.signatures(), List.of(), List.of(B));

        assertAborts(() -> p.clients.get(A).unmask(greedy), "asks for the mask-key share of 'site-0001', which the"
                + " survivors 'site-0000' signed include");
    }

    @Test
    void unmask_inconsistentSurvivorsToldToDifferentClients_caughtByTheConsistencyRound() {
        Map<String, ConsistencyRequest> requests = p.inputs(p.shares(p.keys()));
        // A is told that D dropped; B and C are told everyone survived
        ConsistencySignature fromA = p.clients.get(A).consistency(new ConsistencyRequest(9, NAMES.subList(0, 3)));
        ConsistencySignature fromB = p.clients.get(B).consistency(requests.get(B));
        ConsistencySignature fromC = p.clients.get(C).consistency(requests.get(C));
        UnmaskRequest toA = new UnmaskRequest(9, List.of(fromB, fromC), List.of(B, C), List.of("site-0003"));

        assertAborts(() -> p.clients.get(A).unmask(toA), "the consistency signature of 'site-0001' is not over the"
                + " survivors 'site-0000' signed: the aggregator told different collaborators different survivors");
        assertThat(fromA.signer()).isEqualTo(A);
    }

    @Test
    void unmask_fewerThanTSignatures_refusedTooFew() {
        Map<String, UnmaskRequest> relay = p.consistency(p.inputs(p.shares(p.keys())));
        UnmaskRequest honest = relay.get(A);
        UnmaskRequest thin = new UnmaskRequest(9, honest.signatures().subList(0, 1), honest.seedSharesOf(), List.of());

        assertThatThrownBy(() -> p.clients.get(A).unmask(thin)).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TOO_FEW)).hasMessageContaining("only 1 of the 3 neighbours"
                + " signed the same survivors for 'site-0000', fewer than the threshold 2");
    }

    @Test
    void consistency_survivorsWithoutThisClient_refused() {
        Map<String, ConsistencyRequest> requests = p.inputs(p.shares(p.keys()));

        assertAborts(() -> p.clients.get(A).consistency(new ConsistencyRequest(9, NAMES.subList(1, 4))),
                "do not include 'site-0000'");
        assertThat(requests).containsKey(A);
    }

    @Test
    void unmask_secondRequest_refused() {
        Map<String, UnmaskRequest> relay = p.consistency(p.inputs(p.shares(p.keys())));
        p.clients.get(A).unmask(relay.get(A));

        assertThatThrownBy(() -> p.clients.get(A).unmask(relay.get(A))).hasMessageContaining("is at stage DONE");
    }

    private SecAggClient freshClientAtShareKeys() {
        Parties q = new Parties(NAMES, 9, 50);
        q.keys();
        return q.clients.get(A);
    }

    private static SignedKeys find(NeighbourKeys relay, String name) {
        return relay.neighbours().stream().filter(k -> k.keys().collaborator().equals(name)).findFirst().orElseThrow();
    }

    private static NeighbourKeys replace(NeighbourKeys relay, String name, SignedKeys with) {
        List<SignedKeys> out = new ArrayList<>();
        for (SignedKeys k : relay.neighbours()) {
            out.add(k.keys().collaborator().equals(name) ? with : k);
        }
        return new NeighbourKeys(relay.round(), out);
    }

    private static void assertAborts(Runnable step, String message) {
        assertThatThrownBy(step::run).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.ABORTED)).hasMessageContaining(message);
    }
}
