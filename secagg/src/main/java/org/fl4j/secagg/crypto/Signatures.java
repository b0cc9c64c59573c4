package org.fl4j.secagg.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * Signatures with a site's certificate key, with the algorithm fl4j's PKI uses for that key type:
 * SHA384withECDSA for EC keys (P-384 by default), SHA384withRSA for RSA keys.
 *
 * <p>EC signatures on P-384 are made and checked with Bouncy Castle's ECDSA, whose P-384 arithmetic is faster than
 * JDK 17's SunEC (a round on the complete graph of n participants checks about 2n^2 signatures across the
 * federation: docs/benchmarks.md), on one shared description of the curve, so the precomputed multiples of its
 * generator are computed once per JVM. A verification key is converted once and kept ({@link #PREPARED}), so the
 * multiples of its own point serve every later check: a neighbour's certificate key signs twice a round, round
 * after round. Signing uses deterministic nonces (RFC 6979), so no signature depends on a random source. Keys of
 * other curves and algorithms, and private keys whose value is not readable (a hardware token's), go through the
 * JVM's providers.
 */
public final class Signatures {

    private static final X9ECParameters P384 = CustomNamedCurves.getByName("secp384r1");
    private static final ECDomainParameters P384_DOMAIN = new ECDomainParameters(P384);
    /** Verification keys already converted, by key; emptied when it reaches {@link #PREPARED_MAX}. */
    private static final Map<PublicKey, ECPublicKeyParameters> PREPARED = new ConcurrentHashMap<>();
    private static final int PREPARED_MAX = 100_000;

    private Signatures() {
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        String algorithm = algorithm(key);
        if (key instanceof ECPrivateKey ec && ec.getS() != null && isP384(ec.getParams())) {
            DSADigestSigner signer = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest())),
                    new SHA384Digest());
            signer.init(true, new ECPrivateKeyParameters(ec.getS(), P384_DOMAIN));
            signer.update(data, 0, data.length);
            return signer.generateSignature();
        }
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s over {@code data}; a malformed signature is simply not valid. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            String algorithm = algorithm(key);
            if (isEc(algorithm)) {
                DSADigestSigner verifier = new DSADigestSigner(new ECDSASigner(), new SHA384Digest());
                verifier.init(false, prepared(key));
                verifier.update(data, 0, data.length);
                return verifier.verifySignature(signature);
            }
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The signature algorithm for a key ("EC" or "RSA"), as {@code org.fl4j.pki.KeyType} chooses it. */
    static String algorithm(Key key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA384withECDSA";
            case "RSA" -> "SHA384withRSA";
            default -> throw new IllegalArgumentException("unsupported certificate key algorithm "
                    + key.getAlgorithm());
        };
    }

    private static boolean isEc(String algorithm) {
        return algorithm.endsWith("ECDSA");
    }

    private static boolean isP384(java.security.spec.ECParameterSpec spec) {
        return spec != null && spec.getOrder().equals(P384.getN())
                && spec.getCurve().getField().getFieldSize() == P384.getCurve().getFieldSize()
                && spec.getGenerator().getAffineX().equals(P384.getG().getAffineXCoord().toBigInteger());
    }

    private static ECPublicKeyParameters prepared(PublicKey key) throws InvalidKeyException {
        ECPublicKeyParameters p = PREPARED.get(key);
        if (p == null) {
            p = key instanceof ECPublicKey ec && isP384(ec.getParams())
                    ? new ECPublicKeyParameters(P384_DOMAIN.getCurve().createPoint(ec.getW().getAffineX(),
                            ec.getW().getAffineY()), P384_DOMAIN)
                    : (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
            if (PREPARED.size() >= PREPARED_MAX) {
                PREPARED.clear();
            }
            PREPARED.put(key, p);
        }
        return p;
    }
}
