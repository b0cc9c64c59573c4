package org.fl4j.workspace.archive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The manifest of an exported workspace: its name, the hash of its frozen plan and every file's size and
 * SHA-256. It is the archive's first entry; an importer accepts nothing it does not list.
 *
 * <pre>
 * fl4j-workspace-manifest 1
 * workspace: ws
 * plan-hash: 3f2a...
 * 9c1e...  1234  plan/plan.yaml
 * </pre>
 */
public record Manifest(String workspace, String planHash, List<Entry> entries) {

    static final String ENTRY_NAME = "fl4j-manifest.txt";
    private static final String MAGIC = "fl4j-workspace-manifest 1";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** One file of the archive: its path inside the workspace, its size and its SHA-256 (lower-case hex). */
    public record Entry(String path, long size, String sha256) {
        public Entry {
            Objects.requireNonNull(path, "path");
            if (size < 0) {
                throw new IllegalArgumentException("negative size for " + path);
            }
        }
    }

    public Manifest {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(planHash, "planHash");
        entries = List.copyOf(entries);
    }

    public long totalSize() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    Map<String, Entry> byPath() {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            map.put(e.path(), e);
        }
        return map;
    }

    String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(MAGIC).append('\n');
        sb.append("workspace: ").append(workspace).append('\n');
        sb.append("plan-hash: ").append(planHash).append('\n');
        for (Entry e : entries) {
            sb.append(e.sha256()).append("  ").append(e.size()).append("  ").append(e.path()).append('\n');
        }
        return sb.toString();
    }

    /** Parses a manifest; every malformed line is an {@link ArchiveRefusedException} on the manifest entry. */
    static Manifest parse(String text) {
        try (BufferedReader in = new BufferedReader(new StringReader(text))) {
            if (!MAGIC.equals(in.readLine())) {
                throw refuse("not an fl4j workspace manifest (first line must be '" + MAGIC + "')");
            }
            String workspace = header(in.readLine(), "workspace");
            if (!NAME.matcher(workspace).matches()) {
                throw refuse("invalid workspace name '" + workspace + "'");
            }
            String planHash = header(in.readLine(), "plan-hash");
            List<Entry> entries = new ArrayList<>();
            Map<String, Boolean> seen = new LinkedHashMap<>();
            String line;
            int lineNo = 3;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("  ", 3);
                if (parts.length != 3 || !HEX.matcher(parts[0]).matches() || !parts[1].matches("\\d{1,18}")) {
                    throw refuse("line " + lineNo + " is not '<sha256>  <size>  <path>': " + line);
                }
                String problem = EntryPaths.problem(parts[2]);
                if (problem != null) {
                    throw new ArchiveRefusedException(parts[2], "manifest lists it, but " + problem);
                }
                if (seen.put(parts[2], Boolean.TRUE) != null) {
                    throw refuse("line " + lineNo + " lists '" + parts[2] + "' a second time");
                }
                entries.add(new Entry(parts[2], Long.parseLong(parts[1]), parts[0]));
            }
            return new Manifest(workspace, planHash, entries);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(String line, String key) {
        String prefix = key + ": ";
        if (line == null || !line.startsWith(prefix) || line.length() == prefix.length()) {
            throw refuse("missing '" + key + ":' line");
        }
        return line.substring(prefix.length()).trim();
    }

    private static ArchiveRefusedException refuse(String why) {
        return new ArchiveRefusedException(ENTRY_NAME, why);
    }
}
