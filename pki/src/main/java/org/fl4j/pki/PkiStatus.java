package org.fl4j.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every certificate of a workspace, with what needs attention ({@code fx pki status}). */
public final class PkiStatus {

    /** Certificates expiring within this many days get a warning. */
    public static final int EXPIRY_WARNING_DAYS = 30;

    /**
     * One certificate.
     *
     * @param file the file, relative to the workspace
     * @param warnings "expires in N days", "expired", "not yet valid", "revoked", ...; empty when all is well
     */
    public record Entry(Path file, String subject, List<String> sans, String issuer, Instant notAfter,
            String serial, List<String> warnings) {
    }

    private PkiStatus() {
    }

    public static List<Entry> scan(PkiLayout layout, Instant now) {
        List<Path> files = new ArrayList<>();
        for (Path f : List.of(layout.rootCaCert(), layout.signingCaCert())) {
            if (Files.exists(f)) {
                files.add(f);
            }
        }
        if (files.isEmpty() && Files.exists(layout.certChain())) {
            files.add(layout.certChain());
        }
        files.addAll(crtFiles(layout.serverDir()));
        files.addAll(crtFiles(layout.clientDir()));
        RevocationCheck revocation = Files.exists(layout.certChain())
                ? RevocationCheck.forWorkspace(layout) : RevocationCheck.none();
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            List<X509Certificate> certs = f.equals(layout.certChain())
                    ? Pem.readCertificates(f) : List.of(Pem.readCertificate(f));
            for (X509Certificate c : certs) {
                entries.add(entry(layout.workspace().relativize(f), c, revocation, now));
            }
        }
        return entries;
    }

    private static Entry entry(Path file, X509Certificate c, RevocationCheck revocation, Instant now) {
        List<String> warnings = new ArrayList<>();
        Instant notAfter = c.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            warnings.add("expired");
        } else if (Duration.between(now, notAfter).compareTo(Duration.ofDays(EXPIRY_WARNING_DAYS)) <= 0) {
            long days = Duration.between(now, notAfter).toDays();
            warnings.add(days == 0 ? "expires within a day" : "expires in " + days + " days");
        }
        if (now.isBefore(c.getNotBefore().toInstant())) {
            warnings.add("not yet valid");
        }
        if (!Certificates.isSelfSigned(c) && revocation.isRevoked(c)) {
            warnings.add(revocation.problem() != null ? "CRL unusable: " + revocation.problem() : "revoked");
        }
        return new Entry(file, c.getSubjectX500Principal().getName(), Certificates.subjectAltNames(c),
                c.getIssuerX500Principal().getName(), notAfter, c.getSerialNumber().toString(16), List.copyOf(warnings));
    }

    private static List<Path> crtFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".crt") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
