package org.fl4j.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fl4j.secagg.SecAggException.Kind;
import org.fl4j.secagg.crypto.SignedData;
import org.fl4j.secagg.crypto.Signatures;
import org.fl4j.secagg.message.ConsistencyRequest;
import org.fl4j.secagg.message.ConsistencySignature;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.MaskedInputHeader;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.RevealedShare;
import org.fl4j.secagg.message.ShareUpload;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.message.UnmaskRequest;
import org.fl4j.secagg.message.UnmaskResponse;
import org.fl4j.secagg.server.MaskedInputSink;
import org.fl4j.secagg.shamir.Field61;
import org.fl4j.secagg.shamir.Share;
import org.junit.jupiter.api.Test;

/** The aggregator refuses bad messages from collaborators, naming what was wrong, and the round goes on. */
class ServerValidationTest {

    private static final List<String> NAMES = TestSites.names(4);
    private static final String A = "site-0000";
    private static final String B = "site-0001";
    private static final String C = "site-0002";
    private static final String D = "site-0003";

    private final Parties p = new Parties(NAMES, 9, 50);

    @Test
    void acceptKeys_replayWrongSenderOutsiderDuplicate_refused() throws Exception {
        KeyAdvertisement a = p.clients.get(A).advertiseKeys();
        byte[] der = p.ids.get(A).certificateDer();
        KeyAdvertisement old = new Parties(NAMES, 8, 50).clients.get(A).advertiseKeys();

        assertRefused(() -> p.server.acceptKeys(A, der, old), "is of round 8, the round is 9 (a replay)");
        assertRefused(() -> p.server.acceptKeys(B, p.ids.get(B).certificateDer(), a),
                "advertises keys for 'site-0000'");
        assertRefused(() -> p.server.acceptKeys("site-0099", TestSites.get().identity("site-0099").certificateDer(),
                a), "does not take part in stage ADVERTISE_KEYS");
        assertRefused(() -> p.server.acceptShares(A, new ShareUpload(9, List.of())),
                "its message is for stage SHARE_KEYS, the round is at stage ADVERTISE_KEYS");
        p.server.acceptKeys(A, der, a);
        assertRefused(() -> p.server.acceptKeys(A, der, a), "already advertised");
    }

    @Test
    void acceptKeys_badSignatureOrCertificate_refused() throws Exception {
        KeyAdvertisement a = p.clients.get(A).advertiseKeys();
        byte[] byB = Signatures.sign(p.ids.get(B).privateKey(), SignedData.keys(Parties.FEDERATION, 9, A,
                p.params.participantsDigest(), a.cipherPublicKey(), a.maskPublicKey(), a.seedCommitment()));
        KeyAdvertisement signedByB = new KeyAdvertisement(9, A, a.cipherPublicKey(), a.maskPublicKey(),
                a.seedCommitment(), byB);

        assertRefused(() -> p.server.acceptKeys(A, p.ids.get(A).certificateDer(), signedByB),
                "the signature over its keys does not verify with its certificate");
        assertRefused(() -> p.server.acceptKeys(A, p.ids.get(B).certificateDer(), a), "belongs to 'site-0001'");
        assertRefused(() -> p.server.acceptKeys(A, TestSites.get().foreignCertificate(A).getEncoded(), a),
                "it comes from another CA");
        assertRefused(() -> p.server.acceptKeys(A, new byte[] {1, 2, 3}, a), "is not a DER X.509 certificate");
        assertThat(p.server.allKeysArrived()).isFalse();
    }

    @Test
    void closeKeys_tooFewAdvertised_failsTooFew() {
        p.server.acceptKeys(A, p.ids.get(A).certificateDer(), p.clients.get(A).advertiseKeys());
        p.server.acceptKeys(B, p.ids.get(B).certificateDer(), p.clients.get(B).advertiseKeys());

        assertThatThrownBy(p.server::closeKeys).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TOO_FEW)).hasMessage("round 9 cannot go on: 2 of 4"
                + " participants advertised keys, and 0 of them have the threshold of 2 neighbours among them");
    }

    @Test
    void acceptShares_missingOrForeignReceivers_refused() {
        Map<String, NeighbourKeys> keys = p.keys();
        ShareUpload full = p.clients.get(A).shareKeys(keys.get(A));

        assertRefused(() -> p.server.acceptShares(A, new ShareUpload(9, full.shares().subList(0, 2))),
                "it sent no share for [site-0003]");
        List<org.fl4j.secagg.message.EncryptedShare> twice = new ArrayList<>(full.shares());
        twice.set(2, twice.get(0));
        assertRefused(() -> p.server.acceptShares(A, new ShareUpload(9, twice)), "got a share already");
        p.server.acceptShares(A, full);
        assertRefused(() -> p.server.acceptShares(A, full), "already sent its shares");
    }

    @Test
    void maskedInput_wrongLengthGapOverrunPartial_refusedAndTheSiteMayResend() {
        Map<String, SharesRelay> shares = p.shares(p.keys());
        var upload = p.clients.get(A).maskedInput(shares.get(A), p.update(A), 10);
        ByteBuffer all = ByteBuffer.allocate(4 * 51);
        while (upload.hasRemaining()) {
            upload.next(all);
        }

        assertRefused(() -> p.server.openMaskedInput(A, new MaskedInputHeader(9, 50)),
                "its masked input has 50 elements, the round takes 51 (50 coordinates and the weight)");
        MaskedInputSink gap = p.server.openMaskedInput(A, new MaskedInputHeader(9, 51));
        assertRefused(() -> gap.accept(4, ByteBuffer.allocate(8)), "chunk at element 4, expected element 0");
        MaskedInputSink overrun = p.server.openMaskedInput(A, new MaskedInputHeader(9, 51));
        assertRefused(() -> overrun.accept(0, ByteBuffer.allocate(4 * 52)), "past the 51 of the round");
        MaskedInputSink partial = p.server.openMaskedInput(A, new MaskedInputHeader(9, 51));
        assertRefused(() -> partial.accept(0, ByteBuffer.allocate(7)), "not a whole number of int32 values");
        MaskedInputSink shortOne = p.server.openMaskedInput(A, new MaskedInputHeader(9, 51));
        shortOne.accept(0, ByteBuffer.allocate(4 * 50));
        assertRefused(shortOne::commit, "it ended after 50 of its 51 elements");
        assertRefused(() -> p.server.openMaskedInput(A, new MaskedInputHeader(8, 51)), "(a replay)");

        MaskedInputSink good = p.server.openMaskedInput(A, new MaskedInputHeader(9, 51));
        assertRefused(() -> p.server.openMaskedInput(A, new MaskedInputHeader(9, 51)), "already being received");
        good.accept(0, all.flip());
        good.commit();
        assertRefused(() -> p.server.openMaskedInput(A, new MaskedInputHeader(9, 51)), "already taken");
    }

    @Test
    void acceptConsistency_signatureOverOtherSurvivors_refused() {
        Map<String, ConsistencyRequest> requests = p.inputs(p.shares(p.keys()));
        byte[] other = Signatures.sign(p.ids.get(A).privateKey(), SignedData.consistency(Parties.FEDERATION, 9, A,
                List.of(A, B, C)));

        assertRefused(() -> p.server.acceptConsistency(A, new ConsistencySignature(9, A, other)),
                "its signature is not over this round's survivors");
        assertRefused(() -> p.server.acceptConsistency(B, p.clients.get(A).consistency(requests.get(A))),
                "it sent a signature marked as from 'site-0000'");
    }

    @Test
    void acceptUnmask_sharesNotAsRequested_refused() {
        Map<String, UnmaskRequest> relay = p.consistency(p.inputs(p.shares(p.keys())));
        UnmaskResponse honest = p.clients.get(A).unmask(relay.get(A));
        RevealedShare first = honest.shares().get(0);
        List<RevealedShare> extra = new ArrayList<>(honest.shares());
        extra.add(new RevealedShare(first.owner(), RevealedShare.Kind.MASK_KEY, first.x(), first.y()));
        List<RevealedShare> otherPoint = new ArrayList<>(honest.shares());
        otherPoint.set(0, new RevealedShare(first.owner(), first.kind(), first.x() + 1, first.y()));

        assertRefused(() -> p.server.acceptUnmask(A, new UnmaskResponse(9, honest.shares().subList(1, 3))),
                "it did not reveal the shares of");
        assertRefused(() -> p.server.acceptUnmask(A, new UnmaskResponse(9, extra)), "it was not asked for, or twice");
        assertRefused(() -> p.server.acceptUnmask(A, new UnmaskResponse(9, otherPoint)), "its point is 1");
        p.server.acceptUnmask(A, honest);
        assertRefused(() -> p.server.acceptUnmask(A, honest), "already revealed");
    }

    @Test
    void finish_oneWrongShareAmongMoreThanT_recovered_twoWrong_badShares() {
        Map<String, UnmaskRequest> relay = p.consistency(p.inputs(p.shares(p.keys())));
        // every survivor's seed has 3 holders, t = 2: A lies about D's seed share
        p.server.acceptUnmask(A, corrupt(p.clients.get(A).unmask(relay.get(A)), D));
        for (String n : List.of(B, C, D)) {
            p.server.acceptUnmask(n, p.clients.get(n).unmask(relay.get(n)));
        }

        SecAggResult result = p.server.finish();

        float expected = 0.01f * (1 + 2 + 3 + 4) / 4;
        for (float v : result.average()) {
            assertThat(v).isCloseTo(expected, org.assertj.core.data.Offset.offset(
                    (float) p.params.quantisation().errorBound()));
        }

        Parties q = new Parties(NAMES, 9, 50);
        Map<String, UnmaskRequest> r2 = q.consistency(q.inputs(q.shares(q.keys())));
        q.server.acceptUnmask(A, corrupt(q.clients.get(A).unmask(r2.get(A)), D));
        q.server.acceptUnmask(B, corrupt(q.clients.get(B).unmask(r2.get(B)), D));
        q.server.acceptUnmask(C, q.clients.get(C).unmask(r2.get(C)));
        assertThatThrownBy(q.server::finish).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.BAD_SHARES))
                .hasMessageContaining("the 3 revealed shares of the self-mask seed of 'site-0003' do not reconstruct"
                        + " the seed it committed to");
    }

    @Test
    void finish_beforeEnoughShares_tooFew() {
        Map<String, UnmaskRequest> relay = p.consistency(p.inputs(p.shares(p.keys())));
        p.server.acceptUnmask(A, p.clients.get(A).unmask(relay.get(A)));

        assertThatThrownBy(p.server::finish).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TOO_FEW)).hasMessageContaining("only 0 shares of the"
                + " self-mask seed of 'site-0000' were revealed, 2 are needed");
    }

    private static UnmaskResponse corrupt(UnmaskResponse r, String owner) {
        List<RevealedShare> out = new ArrayList<>();
        for (RevealedShare s : r.shares()) {
            if (s.owner().equals(owner)) {
                long[] limbs = Share.of(s.x(), s.y()).limbs();
                limbs[1] = Field61.add(limbs[1], 12345);
                out.add(new RevealedShare(owner, s.kind(), s.x(), new Share(s.x(), limbs).y()));
            } else {
                out.add(s);
            }
        }
        return new UnmaskResponse(r.round(), out);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable step, String message) {
        assertThatThrownBy(step).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED)).hasMessageContaining(message);
    }
}
