package org.fl4j.pki;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code agg_to_col_<name>_signed_cert.tar.gz}: what the CA holder sends back. It holds exactly the signed
 * certificate {@code col_<name>.crt} and the chain {@code cert_chain.crt} (signing CA, root CA).
 */
record SignedPackage(String name, X509Certificate certificate, List<X509Certificate> chain, byte[] chainPem,
        Path source) {

    static final String CHAIN = "cert_chain.crt";
    private static final Pattern CERT_ENTRY = Pattern.compile("col_(.+)\\.crt");

    static void write(Path pkg, String name, X509Certificate certificate, List<X509Certificate> chain) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("col_" + name + ".crt", Pem.encode(certificate));
        entries.put(CHAIN, Pem.encode(chain.toArray()));
        Packages.write(pkg, entries);
    }

    static SignedPackage read(Path pkg) {
        Map<String, byte[]> entries = Packages.read(pkg);
        String certEntry = null;
        for (var e : entries.entrySet()) {
            String text = new String(e.getValue(), StandardCharsets.US_ASCII);
            if (e.getKey().endsWith(".key") || text.contains("PRIVATE KEY-----")) {
                throw Packages.refuse(pkg, e.getKey(), "holds a private key: a signed package holds only"
                        + " certificates; do not use it");
            }
            if (e.getKey().equals(CHAIN)) {
                continue;
            }
            if (certEntry != null || !CERT_ENTRY.matcher(e.getKey()).matches()) {
                throw Packages.refuse(pkg, e.getKey(), "is unexpected: a signed package holds only col_<name>.crt"
                        + " and " + CHAIN);
            }
            certEntry = e.getKey();
        }
        if (certEntry == null) {
            throw new PkiException("refusing " + pkg + ": it holds no certificate col_<name>.crt");
        }
        if (!entries.containsKey(CHAIN)) {
            throw new PkiException("refusing " + pkg + ": it holds no " + CHAIN);
        }
        Matcher m = CERT_ENTRY.matcher(certEntry);
        m.matches();
        String name = Identities.requireCollaboratorName(m.group(1));
        List<X509Certificate> certs = Pem.parseCertificates(entries.get(certEntry), pkg + "!" + certEntry);
        if (certs.size() != 1) {
            throw Packages.refuse(pkg, certEntry, "holds " + certs.size() + " certificates; expected one");
        }
        List<X509Certificate> chain = Pem.parseCertificates(entries.get(CHAIN), pkg + "!" + CHAIN);
        return new SignedPackage(name, certs.get(0), chain, entries.get(CHAIN), pkg);
    }
}
