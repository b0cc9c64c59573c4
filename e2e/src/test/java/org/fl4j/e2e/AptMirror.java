package org.fl4j.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Debian mirror and release this machine installs from, read from its apt sources (one-line
 * {@code sources.list} entries and deb822 {@code .sources} files) and {@code /etc/os-release}: the first
 * {@code deb} source of the release's own suite with the {@code main} component. debootstrap uses it, so a
 * base image is built from the same mirror apt-get uses here and nothing else.
 */
record AptMirror(String uri, String suite) {

    static AptMirror ofThisMachine() {
        String suite = osRelease("VERSION_CODENAME");
        List<Path> files = new ArrayList<>(List.of(Path.of("/etc/apt/sources.list")));
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String uri = !Files.isRegularFile(f) ? null
                    : name.endsWith(".sources") ? deb822(read(f), suite)
                    : name.endsWith(".list") ? oneLine(read(f), suite) : null;
            if (uri != null) {
                return new AptMirror(uri, suite);
            }
        }
        throw new IllegalStateException("no apt source of suite " + suite + " with component main in " + files);
    }

    /** {@code deb [options] URI SUITE COMPONENT...} lines. */
    static String oneLine(List<String> lines, String suite) {
        for (String line : lines) {
            String[] f = line.replaceAll("\\[[^]]*]", " ").strip().split("\\s+");
            if (f.length >= 4 && f[0].equals("deb") && f[2].equals(suite)
                    && List.of(f).subList(3, f.length).contains("main")) {
                return f[1];
            }
        }
        return null;
    }

    /** Stanzas of {@code Types: deb}, {@code URIs:}, {@code Suites:}, {@code Components:}, blank-line separated. */
    static String deb822(List<String> lines, String suite) {
        List<String> stanza = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                String uri = stanzaUri(stanza, suite);
                if (uri != null) {
                    return uri;
                }
                stanza.clear();
            } else if (!line.startsWith("#")) {
                stanza.add(line);
            }
        }
        return stanzaUri(stanza, suite);
    }

    private static String stanzaUri(List<String> stanza, String suite) {
        String types = field(stanza, "Types");
        String uris = field(stanza, "URIs");
        boolean match = types != null && List.of(types.split("\\s+")).contains("deb") && uris != null
                && List.of(String.valueOf(field(stanza, "Suites")).split("\\s+")).contains(suite)
                && List.of(String.valueOf(field(stanza, "Components")).split("\\s+")).contains("main");
        return match ? uris.split("\\s+")[0] : null;
    }

    private static String field(List<String> stanza, String key) {
        return stanza.stream().filter(l -> l.regionMatches(true, 0, key + ":", 0, key.length() + 1))
                .map(l -> l.substring(key.length() + 1).strip()).findFirst().orElse(null);
    }

    private static String osRelease(String key) {
        return read(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1).replace("\"", "")).findFirst()
                .orElseThrow(() -> new IllegalStateException("/etc/os-release has no " + key));
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
