package org.fl4j.benchmarks;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.fl4j.secagg.crypto.ShareCipher;
import org.fl4j.secagg.crypto.Signatures;
import org.fl4j.secagg.crypto.X25519;
import org.fl4j.secagg.shamir.Shamir;
import org.fl4j.secagg.shamir.Share;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-neighbour cryptography of secure aggregation's setup, one operation each, on one core: an X25519
 * agreement (a site does three per neighbour: share key out, share key in, pairwise mask), an ECDSA P-384
 * signature check (two per neighbour: its keys, its consistency signature; plus one certificate chain per
 * neighbour and federation, cached), the AES-256-GCM encryption of one neighbour's shares, and Shamir splitting
 * and reconstructing a 256-bit secret among 242 neighbours with threshold 160 (the defaults for 1000 sites).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SecAggSetupBenchmark -f 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class SecAggSetupBenchmark {

    private final SecureRandom random = new SecureRandom();
    private X25519.KeyPair a;
    private X25519.KeyPair b;
    private KeyPair ec;
    private byte[] message;
    private byte[] signature;
    private final byte[] key = new byte[32];
    private final byte[] nonce = new byte[ShareCipher.NONCE_BYTES];
    private final byte[] shares = new byte[2 * Share.Y_BYTES];
    private final byte[] secret = new byte[32];
    private int[] xs;
    private List<Share> split;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        a = X25519.generate(random);
        b = X25519.generate(random);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        ec = g.generateKeyPair();
        message = new byte[250];
        random.nextBytes(message);
        signature = Signatures.sign(ec.getPrivate(), message);
        random.nextBytes(key);
        random.nextBytes(secret);
        xs = IntStream.rangeClosed(1, 242).toArray();
        split = Shamir.split(secret, 160, xs, random);
    }

    @Benchmark
    public byte[] x25519Agree() throws Exception {
        return X25519.agree(a.privateKey(), b.publicKey());
    }

    @Benchmark
    public boolean ecdsaP384Verify() {
        return Signatures.verify(ec.getPublic(), message, signature);
    }

    @Benchmark
    public byte[] ecdsaP384Sign() {
        return Signatures.sign(ec.getPrivate(), message);
    }

    @Benchmark
    public byte[] aesGcmSealShares() {
        return ShareCipher.seal(key, nonce, message, shares, random);
    }

    @Benchmark
    public List<Share> shamirSplit242Of160() {
        return Shamir.split(secret, 160, xs, random);
    }

    @Benchmark
    public byte[] shamirReconstruct160() {
        return Shamir.reconstruct(split, 160);
    }
}
