package org.fl4j.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Reading and writing the PEM files of the PKI. Private keys are written as PKCS#8 ("BEGIN PRIVATE KEY"). */
public final class Pem {

    private Pem() {
    }

    /** Every certificate in a PEM file, in file order; refuses a file without one. */
    public static List<X509Certificate> readCertificates(Path file) {
        return parseCertificates(read(file), file.toString());
    }

    /** The first certificate of a PEM file (the leaf, for a certificate file with its chain). */
    public static X509Certificate readCertificate(Path file) {
        return readCertificates(file).get(0);
    }

    /** A PKCS#8 (or traditional) PEM private key; refuses an encrypted or non-key file. */
    public static PrivateKey readPrivateKey(Path file) {
        try (PEMParser parser = new PEMParser(new StringReader(new String(read(file), StandardCharsets.US_ASCII)))) {
            Object o = parser.readObject();
            if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                o = pair.getPrivateKeyInfo();
            }
            if (!(o instanceof PrivateKeyInfo info)) {
                throw new PkiException(file + " does not hold an unencrypted PEM private key");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new PkiException(file + " is not a readable PEM private key: " + e.getMessage(), e);
        }
    }

    /** A revocation list in PEM (or DER). */
    public static X509CRL readCrl(Path file) {
        try (InputStream in = new ByteArrayInputStream(read(file))) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (CRLException | CertificateException | IOException | ClassCastException e) {
            throw new PkiException(file + " is not a readable certificate revocation list: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> parseCertificates(byte[] pem, String source) {
        try (InputStream in = new ByteArrayInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new PkiException(source + " holds no certificate");
            }
            return out;
        } catch (CertificateException | IOException e) {
            throw new PkiException(source + " is not a readable PEM certificate file: " + e.getMessage(), e);
        }
    }

    static PKCS10CertificationRequest parseCsr(byte[] pem, String source) {
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object o = parser.readObject();
            if (!(o instanceof PKCS10CertificationRequest csr)) {
                throw new PkiException(source + " is not a PEM certificate signing request"
                        + (o == null ? "" : " (found " + o.getClass().getSimpleName() + ")"));
            }
            if (parser.readObject() != null) {
                throw new PkiException(source + " holds more than one PEM object: expected a single CSR");
            }
            return csr;
        } catch (IOException | IllegalArgumentException e) {
            throw new PkiException(source + " is not a readable PEM certificate signing request: " + e.getMessage(), e);
        }
    }

    static PKCS10CertificationRequest readCsr(Path file) {
        return parseCsr(read(file), file.toString());
    }

    /** PEM text of certificates, CSRs or CRLs, one after the other. */
    static byte[] encode(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] encodePrivateKey(PrivateKey key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PkiException("missing file " + file, e);
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
