package org.fl4j.secagg;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fl4j.pki.CertificateUsage;
import org.fl4j.pki.TestPki;

/**
 * A test fixture (in fl4j-secagg's test-jar): collaborator identities with real certificates from fl4j's own PKI
 * ({@link TestPki}'s CA signs a CSR made in memory for each, through {@code CertificateAuthority.sign}, every
 * check included), the trust every site holds, and a foreign CA's certificates for the same names. One fixture
 * per JVM, grown on demand: issuing a certificate costs a few milliseconds.
 */
public final class TestSites {

    private static TestSites shared;

    private final TestPki pki;
    private final Map<String, SiteIdentity> sites = new ConcurrentHashMap<>();
    private final Map<String, X509Certificate> foreign = new ConcurrentHashMap<>();

    private TestSites(Path dir) {
        this.pki = TestPki.create(dir);
    }

    /** The fixture of this JVM (made under {@code target/secagg-test-pki}). */
    public static synchronized TestSites get() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "secagg-test-pki");
                shared = new TestSites(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Names {@code site-0000} to {@code site-(n-1)}. */
    public static List<String> names(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("site-%04d", i)).toList();
    }

    /** The identities of {@code names}, issued (in parallel) where missing. */
    public List<SiteIdentity> identities(List<String> names) {
        names.parallelStream().forEach(this::identity);
        return names.stream().map(sites::get).toList();
    }

    /** The identity of {@code name} with an EC P-384 certificate of the federation's CA. */
    public SiteIdentity identity(String name) {
        return sites.computeIfAbsent(name, n -> {
            KeyPair pair = ecKeyPair();
            return new SiteIdentity(n, issue(n, pair, "SHA384withECDSA", pki), pair.getPrivate());
        });
    }

    /** Makes {@code id} the identity of its name from now on. */
    public void useIdentity(SiteIdentity id) {
        sites.put(id.name(), id);
    }

    /** An identity of {@code name} with an RSA-3072 certificate of the federation's CA (not cached). */
    public SiteIdentity rsaIdentity(String name) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(3072);
            KeyPair pair = g.generateKeyPair();
            return new SiteIdentity(name, issue(name, pair, "SHA384withRSA", pki), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with CN {@code name} from another CA (the fixture's foreign CA). */
    public X509Certificate foreignCertificate(String name) {
        return foreign.computeIfAbsent(name, n -> jdk(org.fl4j.pki.Pem.readCertificate(pki.foreignClient(n)
                .certificate())));
    }

    /** What every site trusts: the federation's chain, at the system clock. */
    public PeerTrust trust() {
        return PeerTrust.of(pki.ca().chain(), Clock.systemUTC());
    }

    public TestPki pki() {
        return pki;
    }

    private static X509Certificate issue(String name, KeyPair pair, String algorithm, TestPki pki) {
        try {
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=" + name), pair.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate()));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                w.writeObject(csr);
            }
            X509Certificate cert = pki.ca().sign(pem.toString().getBytes(StandardCharsets.US_ASCII),
                    "the in-memory CSR of " + name, CertificateUsage.CLIENT, name, "the test", 10);
            return jdk(cert);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a certificate for " + name + ": " + e, e);
        }
    }

    private static X509Certificate jdk(X509Certificate cert) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
