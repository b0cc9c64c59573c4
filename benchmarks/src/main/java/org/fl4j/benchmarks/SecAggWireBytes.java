package org.fl4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.pki.CertificateAuthority;
import org.fl4j.pki.CertificateRequests;
import org.fl4j.pki.CertificateUsage;
import org.fl4j.pki.KeyType;
import org.fl4j.pki.PkiLayout;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.protocol.v1.Header;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.message.ConsistencyRequest;
import org.fl4j.secagg.message.ConsistencySignature;
import org.fl4j.secagg.message.EncryptedShare;
import org.fl4j.secagg.message.KeyAdvertisement;
import org.fl4j.secagg.message.MaskedInputHeader;
import org.fl4j.secagg.message.NeighbourKeys;
import org.fl4j.secagg.message.RevealedShare;
import org.fl4j.secagg.message.RoundSetup;
import org.fl4j.secagg.message.ShareUpload;
import org.fl4j.secagg.message.SharesRelay;
import org.fl4j.secagg.message.SignedKeys;
import org.fl4j.secagg.message.UnmaskRequest;
import org.fl4j.secagg.message.UnmaskResponse;
import org.fl4j.secagg.wire.SecAggWire;

/**
 * Bytes one collaborator moves for secure aggregation in a round, against the plain float32 upload of the same
 * update: every SecAggRequest it sends and SecAggReply it receives, serialized as protobuf with fields of their
 * real sizes (an EC P-384 collaborator certificate from fl4j's CA, 103-byte ECDSA signatures, 32-byte keys,
 * 96-byte share ciphertexts, 40-byte revealed shares, names like {@code site-0042}), in a round of n
 * participants with the plan's defaults and no dropout; plus the masked upload, 4 (d + 1) bytes against 4 d.
 * Both travel in the same chunk framing, and gRPC/HTTP/2 framing and polls are not counted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.fl4j.benchmarks.SecAggWireBytes
 * </pre>
 */
public final class SecAggWireBytes {

    private SecAggWireBytes() {
    }

    public static void main(String[] args) throws Exception {
        byte[] certificate = certificate();
        Header header = Header.newBuilder().setSender("site-0000").setReceiver("aggregator.example.org")
                .setFederationId("fl4j-0123456789abcdef").setProtocolMajor(1).build();
        System.out.printf("certificate DER: %d bytes%n", certificate.length);
        System.out.println("| participants | neighbours | parameters | setup bytes sent | setup bytes received"
                + " | masked upload | plain upload | ratio |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {2, 10, 100, 1000}) {
            for (int d : new int[] {1_000_000, 25_000_000}) {
                row(n, d, header, certificate);
            }
        }
    }

    private static void row(int n, int d, Header h, byte[] certificate) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format("site-%04d", i));
        }
        RoundParameters round = RoundParameters.resolve(SecureAggregationSettings.disabled(), "fl4j-0123456789abcdef",
                1, names, d);
        String me = names.get(0);
        List<String> neighbours = round.neighbours(me);
        int k = neighbours.size();
        KeyAdvertisement keys = new KeyAdvertisement(1, me, random(32), random(32), random(32), random(103));
        List<SignedKeys> neighbourKeys = new ArrayList<>();
        List<EncryptedShare> sent = new ArrayList<>();
        List<EncryptedShare> received = new ArrayList<>();
        List<ConsistencySignature> signatures = new ArrayList<>();
        List<RevealedShare> revealed = new ArrayList<>();
        for (String v : neighbours) {
            neighbourKeys.add(new SignedKeys(new KeyAdvertisement(1, v, random(32), random(32), random(32),
                    random(103)), certificate));
            sent.add(new EncryptedShare(me, v, random(12), random(96)));
            received.add(new EncryptedShare(v, me, random(12), random(96)));
            signatures.add(new ConsistencySignature(1, v, random(103)));
            revealed.add(new RevealedShare(v, RevealedShare.Kind.SELF_SEED, round.shareX(me), random(40)));
        }
        long out = SecAggWire.request(h, keys).getSerializedSize()
                + SecAggWire.request(h, new ShareUpload(1, sent)).getSerializedSize()
                + SecAggWire.codecMetadata(new MaskedInputHeader(1, d + 1L)).length
                + SecAggWire.request(h, new ConsistencySignature(1, me, random(103))).getSerializedSize()
                + SecAggWire.request(h, new UnmaskResponse(1, revealed)).getSerializedSize();
        long in = SecAggWire.reply(h, new RoundSetup(1, names)).getSerializedSize()
                + SecAggWire.reply(h, new NeighbourKeys(1, neighbourKeys)).getSerializedSize()
                + SecAggWire.reply(h, new SharesRelay(1, received)).getSerializedSize()
                + SecAggWire.reply(h, new ConsistencyRequest(1, names)).getSerializedSize()
                + SecAggWire.reply(h, new UnmaskRequest(1, signatures, neighbours, List.of())).getSerializedSize();
        long masked = 4L * (d + 1);
        long plain = 4L * d;
        System.out.printf("| %d | %d | %,d | %,d | %,d | %,d | %,d | %.4f |%n", n, k, d, out, in, masked, plain,
                (double) (out + in + masked) / plain);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static byte[] certificate() throws Exception {
        Path dir = Files.createTempDirectory("secagg-wire-bytes");
        PkiLayout layout = PkiLayout.of(dir);
        CertificateAuthority ca = CertificateAuthority.create(layout, KeyType.EC_P384, 30, 20);
        var request = CertificateRequests.forCollaborator(layout, "site-0042", KeyType.EC_P384, false);
        X509Certificate cert = ca.sign(Files.readAllBytes(request.csr()), request.csr().toString(),
                CertificateUsage.CLIENT, "site-0042", "the benchmark", 10);
        return cert.getEncoded();
    }
}
