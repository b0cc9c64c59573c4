package org.fl4j.pki;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code col_<name>_to_agg_cert_request.tar.gz}: what a collaborator site sends to the CA holder. It holds
 * exactly one entry, the CSR {@code col_<name>.csr}; never a key.
 *
 * @param name the collaborator name the package is for (from its CSR entry)
 * @param csrPem the CSR, PEM
 * @param source the package and entry, for messages
 */
record RequestPackage(String name, byte[] csrPem, String source) {

    private static final Pattern CSR_ENTRY = Pattern.compile("col_(.+)\\.csr");
    private static final Pattern FILE_NAME = Pattern.compile("col_(.+)_to_agg_cert_request\\.tar\\.gz");

    static Path write(PkiLayout layout, String name) {
        Path pkg = layout.requestPackage(name);
        Packages.write(pkg, Map.of(layout.collaboratorCsr(name).getFileName().toString(),
                Pem.read(layout.collaboratorCsr(name))));
        return pkg;
    }

    static RequestPackage read(Path pkg) {
        Map<String, byte[]> entries = Packages.read(pkg);
        List<String> csrs = new ArrayList<>();
        for (var e : entries.entrySet()) {
            String text = new String(e.getValue(), StandardCharsets.US_ASCII);
            if (e.getKey().endsWith(".key") || text.contains("PRIVATE KEY-----")) {
                throw Packages.refuse(pkg, e.getKey(), "holds a private key: a request package must hold only the"
                        + " CSR (the key never leaves its site); create a new key and request");
            }
            if (e.getKey().endsWith(".csr") || text.contains("CERTIFICATE REQUEST-----")) {
                csrs.add(e.getKey());
            }
        }
        if (csrs.size() > 1) {
            throw new PkiException("refusing " + pkg + ": it holds more than one CSR " + csrs
                    + "; a request package holds exactly one");
        }
        if (csrs.isEmpty()) {
            throw new PkiException("refusing " + pkg + ": it holds no CSR (col_<name>.csr), only " + entries.keySet());
        }
        String entry = csrs.get(0);
        for (String other : entries.keySet()) {
            if (!other.equals(entry)) {
                throw Packages.refuse(pkg, other, "is unexpected: a request package holds only col_<name>.csr");
            }
        }
        Matcher m = CSR_ENTRY.matcher(entry);
        if (!m.matches()) {
            throw Packages.refuse(pkg, entry, "is not named col_<name>.csr");
        }
        String name = Identities.requireCollaboratorName(m.group(1));
        Matcher f = FILE_NAME.matcher(pkg.getFileName().toString());
        if (f.matches() && !f.group(1).equals(name)) {
            throw new PkiException("refusing " + pkg + ": the file name names collaborator '" + f.group(1)
                    + "' but the package holds the CSR of '" + name + "'");
        }
        return new RequestPackage(name, entries.get(entry), pkg + "!" + entry);
    }
}
