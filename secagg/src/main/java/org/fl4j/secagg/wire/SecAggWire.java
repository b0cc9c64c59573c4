package org.fl4j.secagg.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.SecAggConsistencyRequest;
import org.fl4j.protocol.v1.SecAggEncryptedShare;
import org.fl4j.protocol.v1.SecAggKeys;
import org.fl4j.protocol.v1.SecAggMaskedInputSpec;
import org.fl4j.protocol.v1.SecAggNeighbourKeys;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.protocol.v1.SecAggRevealedShare;
import org.fl4j.protocol.v1.SecAggSetup;
import org.fl4j.protocol.v1.SecAggShareKind;
import org.fl4j.protocol.v1.SecAggShares;
import org.fl4j.protocol.v1.SecAggSharesRelay;
import org.fl4j.protocol.v1.SecAggSignedKeys;
import org.fl4j.protocol.v1.SecAggStage;
import org.fl4j.protocol.v1.SecAggUnmaskRequest;
import org.fl4j.protocol.v1.SecAggUnmaskResponse;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.Stage;
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

/**
 * Converts between the secagg message records and the {@code fl4j.v1} protobuf messages of
 * {@code secure_aggregation.proto}. Decoding checks the envelope: a body of the stage the envelope names, a
 * known stage; anything else is refused ({@link SecAggException}, REFUSED) naming the field. The record's round
 * is the envelope's. The header is the caller's to build and check, as for every fl4j.v1 call.
 */
public final class SecAggWire {

    private SecAggWire() {
    }

    public static SecAggStage stage(Stage stage) {
        return switch (stage) {
            case ADVERTISE_KEYS -> SecAggStage.SECAGG_ADVERTISE_KEYS;
            case SHARE_KEYS -> SecAggStage.SECAGG_SHARE_KEYS;
            case MASKED_INPUT -> SecAggStage.SECAGG_MASKED_INPUT;
            case CONSISTENCY -> SecAggStage.SECAGG_CONSISTENCY;
            case UNMASK -> SecAggStage.SECAGG_UNMASK;
            case DONE -> throw new IllegalArgumentException("DONE has no wire stage");
        };
    }

    public static Stage stage(SecAggStage stage, String field) {
        return switch (stage) {
            case SECAGG_ADVERTISE_KEYS -> Stage.ADVERTISE_KEYS;
            case SECAGG_SHARE_KEYS -> Stage.SHARE_KEYS;
            case SECAGG_MASKED_INPUT -> Stage.MASKED_INPUT;
            case SECAGG_CONSISTENCY -> Stage.CONSISTENCY;
            case SECAGG_UNMASK -> Stage.UNMASK;
            default -> throw invalid(field + " is " + stage + ", not a stage");
        };
    }

    /** A request carrying {@code message}. */
    public static SecAggRequest request(Header header, ClientMessage message) {
        SecAggRequest.Builder b = SecAggRequest.newBuilder().setHeader(header).setRound(message.round())
                .setStage(stage(message.stage()));
        if (message instanceof KeyAdvertisement k) {
            b.setKeys(keys(k));
        } else if (message instanceof ShareUpload u) {
            b.setShares(SecAggShares.newBuilder().addAllShares(u.shares().stream().map(SecAggWire::share).toList()));
        } else if (message instanceof ConsistencySignature c) {
            b.setConsistencySignature(signature(c));
        } else if (message instanceof UnmaskResponse r) {
            b.setUnmaskResponse(SecAggUnmaskResponse.newBuilder().addAllShares(r.shares().stream()
                    .map(SecAggWire::revealed).toList()));
        }
        return b.build();
    }

    /** The message a request carries, or empty for a poll. */
    public static Optional<ClientMessage> clientMessage(SecAggRequest r) {
        long round = r.getRound();
        Stage stage = stage(r.getStage(), "SecAggRequest.stage");
        ClientMessage m = switch (r.getBodyCase()) {
            case POLL -> null;
            case KEYS -> keys(round, r.getKeys());
            case SHARES -> new ShareUpload(round, r.getShares().getSharesList().stream().map(SecAggWire::share)
                    .toList());
            case CONSISTENCY_SIGNATURE -> signature(round, r.getConsistencySignature());
            case UNMASK_RESPONSE -> new UnmaskResponse(round, r.getUnmaskResponse().getSharesList().stream()
                    .map(SecAggWire::revealed).toList());
            case BODY_NOT_SET -> throw invalid("SecAggRequest has no body");
        };
        if (m != null && m.stage() != stage) {
            throw invalid("SecAggRequest.stage is " + stage + " but its body belongs to stage " + m.stage());
        }
        return Optional.ofNullable(m);
    }

    /** A reply relaying {@code message}. */
    public static SecAggReply reply(Header header, RelayMessage message) {
        SecAggReply.Builder b = SecAggReply.newBuilder().setHeader(header).setRound(message.round())
                .setStage(stage(message.stage()));
        if (message instanceof RoundSetup s) {
            b.setSetup(SecAggSetup.newBuilder().addAllParticipants(s.participants()));
        } else if (message instanceof NeighbourKeys k) {
            b.setNeighbourKeys(SecAggNeighbourKeys.newBuilder().addAllNeighbours(k.neighbours().stream()
                    .map(n -> SecAggSignedKeys.newBuilder().setKeys(keys(n.keys()))
                            .setCertificate(ByteString.copyFrom(n.certificate())).build()).toList()));
        } else if (message instanceof SharesRelay s) {
            b.setSharesRelay(SecAggSharesRelay.newBuilder().addAllShares(s.shares().stream().map(SecAggWire::share)
                    .toList()));
        } else if (message instanceof ConsistencyRequest c) {
            b.setConsistencyRequest(SecAggConsistencyRequest.newBuilder().addAllSurvivors(c.survivors()));
        } else if (message instanceof UnmaskRequest u) {
            b.setUnmaskRequest(SecAggUnmaskRequest.newBuilder()
                    .addAllSignatures(u.signatures().stream().map(SecAggWire::signature).toList())
                    .addAllSeedSharesOf(u.seedSharesOf()).addAllKeySharesOf(u.keySharesOf()));
        }
        return b.build();
    }

    /** The message a reply relays, or empty for a wait or an abort. */
    public static Optional<RelayMessage> relayMessage(SecAggReply r) {
        long round = r.getRound();
        Stage stage = stage(r.getStage(), "SecAggReply.stage");
        RelayMessage m = switch (r.getBodyCase()) {
            case WAIT, ABORT -> null;
            case SETUP -> new RoundSetup(round, r.getSetup().getParticipantsList());
            case NEIGHBOUR_KEYS -> new NeighbourKeys(round, r.getNeighbourKeys().getNeighboursList().stream()
                    .map(n -> new SignedKeys(keys(round, n.getKeys()), n.getCertificate().toByteArray())).toList());
            case SHARES_RELAY -> new SharesRelay(round, r.getSharesRelay().getSharesList().stream()
                    .map(SecAggWire::share).toList());
            case CONSISTENCY_REQUEST -> new ConsistencyRequest(round, r.getConsistencyRequest().getSurvivorsList());
            case UNMASK_REQUEST -> new UnmaskRequest(round, r.getUnmaskRequest().getSignaturesList().stream()
                    .map(s -> signature(round, s)).toList(), r.getUnmaskRequest().getSeedSharesOfList(),
                    r.getUnmaskRequest().getKeySharesOfList());
            case BODY_NOT_SET -> throw invalid("SecAggReply has no body");
        };
        if (m != null && m.stage() != stage) {
            throw invalid("SecAggReply.stage is " + stage + " but its body is the input of stage " + m.stage());
        }
        return Optional.ofNullable(m);
    }

    /** The codec metadata of a masked input's tensor. */
    public static byte[] codecMetadata(MaskedInputHeader h) {
        return SecAggMaskedInputSpec.newBuilder().setRound(h.round()).setStage(stage(h.stage()))
                .setElements(h.elements()).build().toByteArray();
    }

    /** The masked input's header from its tensor's codec metadata. */
    public static MaskedInputHeader maskedInputHeader(byte[] codecMetadata) {
        SecAggMaskedInputSpec spec;
        try {
            spec = SecAggMaskedInputSpec.parseFrom(codecMetadata);
        } catch (InvalidProtocolBufferException e) {
            throw invalid("the codec metadata of a " + MaskedInputHeader.CODEC + " tensor is not a"
                    + " SecAggMaskedInputSpec: " + e.getMessage());
        }
        if (stage(spec.getStage(), "SecAggMaskedInputSpec.stage") != Stage.MASKED_INPUT) {
            throw invalid("SecAggMaskedInputSpec.stage is " + spec.getStage() + ", not SECAGG_MASKED_INPUT");
        }
        return new MaskedInputHeader(spec.getRound(), spec.getElements());
    }

    private static SecAggKeys keys(KeyAdvertisement k) {
        return SecAggKeys.newBuilder().setCollaborator(k.collaborator())
                .setCipherPublicKey(ByteString.copyFrom(k.cipherPublicKey()))
                .setMaskPublicKey(ByteString.copyFrom(k.maskPublicKey()))
                .setSeedCommitment(ByteString.copyFrom(k.seedCommitment()))
                .setSignature(ByteString.copyFrom(k.signature())).build();
    }

    private static KeyAdvertisement keys(long round, SecAggKeys k) {
        return new KeyAdvertisement(round, k.getCollaborator(), k.getCipherPublicKey().toByteArray(),
                k.getMaskPublicKey().toByteArray(), k.getSeedCommitment().toByteArray(),
                k.getSignature().toByteArray());
    }

    private static SecAggEncryptedShare share(EncryptedShare s) {
        return SecAggEncryptedShare.newBuilder().setSender(s.sender()).setReceiver(s.receiver())
                .setNonce(ByteString.copyFrom(s.nonce())).setCiphertext(ByteString.copyFrom(s.ciphertext())).build();
    }

    private static EncryptedShare share(SecAggEncryptedShare s) {
        return new EncryptedShare(s.getSender(), s.getReceiver(), s.getNonce().toByteArray(),
                s.getCiphertext().toByteArray());
    }

    private static org.fl4j.protocol.v1.SecAggConsistencySignature signature(ConsistencySignature c) {
        return org.fl4j.protocol.v1.SecAggConsistencySignature.newBuilder().setSigner(c.signer())
                .setSignature(ByteString.copyFrom(c.signature())).build();
    }

    private static ConsistencySignature signature(long round, org.fl4j.protocol.v1.SecAggConsistencySignature c) {
        return new ConsistencySignature(round, c.getSigner(), c.getSignature().toByteArray());
    }

    private static SecAggRevealedShare revealed(RevealedShare r) {
        return SecAggRevealedShare.newBuilder().setOwner(r.owner()).setX(r.x()).setY(ByteString.copyFrom(r.y()))
                .setKind(r.kind() == RevealedShare.Kind.SELF_SEED ? SecAggShareKind.SECAGG_SELF_SEED
                        : SecAggShareKind.SECAGG_MASK_KEY).build();
    }

    private static RevealedShare revealed(SecAggRevealedShare r) {
        RevealedShare.Kind kind = switch (r.getKind()) {
            case SECAGG_SELF_SEED -> RevealedShare.Kind.SELF_SEED;
            case SECAGG_MASK_KEY -> RevealedShare.Kind.MASK_KEY;
            default -> throw invalid("SecAggRevealedShare.kind of '" + r.getOwner() + "' is " + r.getKind());
        };
        if (r.getX() <= 0) {
            throw invalid("SecAggRevealedShare.x of '" + r.getOwner() + "' is " + Integer.toUnsignedString(r.getX()));
        }
        return new RevealedShare(r.getOwner(), kind, r.getX(), r.getY().toByteArray());
    }

    private static SecAggException invalid(String message) {
        return new SecAggException(SecAggException.Kind.REFUSED, message);
    }
}
