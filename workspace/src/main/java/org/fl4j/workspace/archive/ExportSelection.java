package org.fl4j.workspace.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which files of a workspace travel in an export: the plan folder, the code folder, the
 * {@code .workspace} marker and the initial model. Everything else stays at the site, with the reason:
 * certificates and keys, data, logs, other saved models, packages. Any file that holds a PEM private key
 * or has a key or certificate file name stays too, wherever it is. The skeleton's empty-folder markers
 * ({@code .keep}) of folders that stay are skipped without mention.
 */
final class ExportSelection {

    private static final Set<String> SECRET_SUFFIXES =
            Set.of(".key", ".pem", ".p12", ".pfx", ".jks", ".keystore", ".csr", ".crt", ".crl");
    private static final byte[] PRIVATE_KEY_MARK = "PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII);

    final List<String> included = new ArrayList<>();
    final List<LeftOut> leftOut = new ArrayList<>();

    private ExportSelection() {
    }

    /** Selects the files of {@code workspace}; {@code keep} lists saved files that travel (the initial model). */
    static ExportSelection of(Path workspace, Set<String> keep) throws IOException {
        ExportSelection s = new ExportSelection();
        Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = workspace.relativize(file).toString().replace('\\', '/');
                String reason = s.reasonToLeaveOut(file, rel, keep, attrs);
                if (reason == null) {
                    s.included.add(rel);
                } else if (!file.getFileName().toString().equals(".keep")) {
                    s.leftOut.add(new LeftOut(rel, reason));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        s.included.sort(null);
        s.leftOut.sort(java.util.Comparator.comparing(LeftOut::path));
        return s;
    }

    private String reasonToLeaveOut(Path file, String rel, Set<String> keep, BasicFileAttributes attrs)
            throws IOException {
        if (attrs.isSymbolicLink() || Files.isSymbolicLink(file)) {
            return "symbolic link";
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "not a regular file";
        }
        String top = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
        String verdict = switch (top) {
            case "cert" -> "certificates and keys stay at their site";
            case "data" -> "data never leaves its site";
            case "logs" -> "logs stay at their site";
            case "save" -> keep.contains(rel) ? null : "saved models other than the initial one stay at their site";
            case "plan", "code", ".workspace" -> null;
            default -> rel.endsWith(".tar.gz") ? "archives and certificate packages are not part of a workspace"
                    : "not part of a workspace (plan/, code/, .workspace and the initial model travel)";
        };
        if (verdict != null) {
            return verdict;
        }
        String lower = rel.toLowerCase(Locale.ROOT);
        for (String suffix : SECRET_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return "key, certificate or request files never travel in a workspace";
            }
        }
        if (holdsPrivateKey(file)) {
            return "holds a PEM private key";
        }
        return null;
    }

    static boolean holdsPrivateKey(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int carry = 0;
            int n;
            while ((n = in.read(buf, carry, buf.length - carry)) > 0) {
                int len = carry + n;
                if (indexOf(buf, len) >= 0) {
                    return true;
                }
                carry = Math.min(PRIVATE_KEY_MARK.length - 1, len);
                System.arraycopy(buf, len - carry, buf, 0, carry);
            }
        }
        return false;
    }

    private static int indexOf(byte[] buf, int len) {
        outer:
        for (int i = 0; i + PRIVATE_KEY_MARK.length <= len; i++) {
            for (int j = 0; j < PRIVATE_KEY_MARK.length; j++) {
                if (buf[i + j] != PRIVATE_KEY_MARK[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
