package org.fl4j.secagg.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.SecAggAbort;
import org.fl4j.protocol.v1.SecAggPoll;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.protocol.v1.SecAggRevealedShare;
import org.fl4j.protocol.v1.SecAggStage;
import org.fl4j.protocol.v1.SecAggUnmaskResponse;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.message.ClientMessage;
import org.fl4j.secagg.message.ConsistencyRequest;
import org.fl4j.secagg.message.ConsistencySignature;
import org.fl4j.secagg.message.EncryptedShare;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.MaskedInputHeader;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.RelayMessage;
import org.fl4j.secagg.message.RevealedShare;
import org.fl4j.secagg.message.RoundSetup;
import org.fl4j.secagg.message.ShareUpload;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.message.SignedKeys;
import org.fl4j.secagg.message.UnmaskRequest;
import org.fl4j.secagg.message.UnmaskResponse;
import org.junit.jupiter.api.Test;

class SecAggWireTest {

    private static final Header HEADER = Header.newBuilder().setSender("a").setReceiver("agg").build();
    private static final KeyAdvertisement KEYS = new KeyAdvertisement(3, "a", bytes(32, 1), bytes(32, 2),
            bytes(32, 3), bytes(104, 4));
    private static final EncryptedShare SHARE = new EncryptedShare("a", "b", bytes(12, 5), bytes(96, 6));
    private static final ConsistencySignature SIGNATURE = new ConsistencySignature(3, "a", bytes(103, 7));

    @Test
    void clientMessages_throughBytes_roundTrip() throws Exception {
        List<ClientMessage> messages = List.of(KEYS, new ShareUpload(3, List.of(SHARE, SHARE)), SIGNATURE,
                new UnmaskResponse(3, List.of(new RevealedShare("b", RevealedShare.Kind.SELF_SEED, 2, bytes(40, 8)),
                        new RevealedShare("c", RevealedShare.Kind.MASK_KEY, 2, bytes(40, 9)))));
        for (ClientMessage m : messages) {
            SecAggRequest wire = SecAggRequest.parseFrom(SecAggWire.request(HEADER, m).toByteArray());
            assertThat(wire.getRound()).isEqualTo(3);
            assertThat(SecAggWire.clientMessage(wire)).contains(m);
        }
    }

    @Test
    void relayMessages_throughBytes_roundTrip() throws Exception {
        List<RelayMessage> messages = List.of(new RoundSetup(3, List.of("a", "b")),
                new NeighbourKeys(3, List.of(new SignedKeys(KEYS, bytes(500, 10)))),
                new SharesRelay(3, List.of(SHARE)), new ConsistencyRequest(3, List.of("a", "b", "c")),
                new UnmaskRequest(3, List.of(SIGNATURE), List.of("b"), List.of("c")));
        for (RelayMessage m : messages) {
            SecAggReply wire = SecAggReply.parseFrom(SecAggWire.reply(HEADER, m).toByteArray());
            assertThat(SecAggWire.stage(wire.getStage(), "stage")).isEqualTo(m.stage());
            assertThat(SecAggWire.relayMessage(wire)).contains(m);
        }
    }

    @Test
    void pollWaitAbort_carryNoMessage() {
        assertThat(SecAggWire.clientMessage(SecAggRequest.newBuilder().setRound(3)
                .setStage(SecAggStage.SECAGG_SHARE_KEYS).setPoll(SecAggPoll.getDefaultInstance()).build())).isEmpty();
        assertThat(SecAggWire.relayMessage(SecAggReply.newBuilder().setRound(3).setStage(SecAggStage.SECAGG_UNMASK)
                .setAbort(SecAggAbort.newBuilder().setReason("too few")).build())).isEmpty();
    }

    @Test
    void envelope_stageOfAnotherBodyOrMissing_refused() {
        SecAggRequest mislabelled = SecAggWire.request(HEADER, KEYS).toBuilder()
                .setStage(SecAggStage.SECAGG_CONSISTENCY).build();
        assertThatThrownBy(() -> SecAggWire.clientMessage(mislabelled)).isInstanceOf(SecAggException.class)
                .hasMessage("SecAggRequest.stage is CONSISTENCY but its body belongs to stage ADVERTISE_KEYS");
        assertThatThrownBy(() -> SecAggWire.clientMessage(SecAggRequest.newBuilder().setRound(3)
                .setStage(SecAggStage.SECAGG_SHARE_KEYS).build())).hasMessage("SecAggRequest has no body");
        assertThatThrownBy(() -> SecAggWire.relayMessage(SecAggReply.newBuilder().setRound(3).build()))
                .hasMessage("SecAggReply.stage is SECAGG_STAGE_UNSPECIFIED, not a stage");
        SecAggRequest badKind = SecAggRequest.newBuilder().setRound(3).setStage(SecAggStage.SECAGG_UNMASK)
                .setUnmaskResponse(SecAggUnmaskResponse.newBuilder().addShares(SecAggRevealedShare.newBuilder()
                        .setOwner("b").setX(2))).build();
        assertThatThrownBy(() -> SecAggWire.clientMessage(badKind)).hasMessageContaining("kind of 'b'");
    }

    @Test
    void maskedInputHeader_codecMetadata_roundTripsAndRefusesGarbage() {
        MaskedInputHeader h = new MaskedInputHeader(3, 1_000_001);
        assertThat(SecAggWire.maskedInputHeader(SecAggWire.codecMetadata(h))).isEqualTo(h);
        assertThatThrownBy(() -> SecAggWire.maskedInputHeader(new byte[] {(byte) 0xff, 1}))
                .hasMessageContaining("not a SecAggMaskedInputSpec");
        assertThat(MaskedInputHeader.CODEC).isEqualTo("secagg-int32");
    }

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }
}
