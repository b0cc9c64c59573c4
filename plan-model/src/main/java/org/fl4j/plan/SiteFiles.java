package org.fl4j.plan;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code cols.yaml} ({@code collaborators: [names]}) and {@code data.yaml} (OpenFL's
 * {@code name,path} lines, {@code #} starting a comment line), checking every name with {@link Names}.
 */
final class SiteFiles {

    static final String COLLABORATORS = "collaborators";

    private SiteFiles() {
    }

    static List<String> collaborators(Path file, String display, Problems problems) {
        Optional<YNode> root = new YamlFiles(problems).read(file, display);
        if (root.isEmpty()) {
            return List.of();
        }
        if (!(root.get() instanceof YNode.YMap map)) {
            problems.add(root.get().origin(), "", display + " must be a mapping with the key '" + COLLABORATORS
                    + "', found " + root.get().describe());
            return List.of();
        }
        Fields f = new Fields(map, "", problems, display);
        f.onlyKeys(List.of(COLLABORATORS));
        if (!f.has(COLLABORATORS)) {
            return List.of();
        }
        if (!(map.get(COLLABORATORS) instanceof YNode.YList list)) {
            problems.add(f.where(COLLABORATORS), COLLABORATORS, COLLABORATORS + ": expected a list of names, found "
                    + map.get(COLLABORATORS).describe());
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            String path = COLLABORATORS + "[" + i + "]";
            if (!(item instanceof YNode.YScalar s) || s.value() == null || s.value() instanceof Boolean) {
                problems.add(item.origin(), path, path + ": expected a collaborator name, found " + item.describe());
                continue;
            }
            String name = String.valueOf(s.value());
            Optional<String> bad = Names.collaboratorNameProblem(name);
            if (bad.isPresent()) {
                problems.add(item.origin(), path, bad.get());
            } else if (firstLine.containsKey(name)) {
                problems.add(item.origin(), path, "duplicate collaborator '" + name + "' (first at line "
                        + firstLine.get(name) + ")");
            } else {
                firstLine.put(name, item.origin().line());
                names.add(name);
            }
        }
        return names;
    }

    static Map<String, String> dataPaths(Path file, String display, Problems problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(Origin.of(display), "", "file not found");
            return Map.of();
        } catch (MalformedInputException e) {
            problems.add(Origin.of(display), "", "not UTF-8 text");
            return Map.of();
        } catch (IOException e) {
            problems.add(Origin.of(display), "", "cannot read: " + e.getMessage());
            return Map.of();
        }
        Map<String, String> paths = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Origin at = new Origin(display, i + 1, 1);
            int comma = line.indexOf(',');
            if (comma < 0) {
                problems.add(at, "", "expected 'name,path', found '" + line + "'");
                continue;
            }
            String name = line.substring(0, comma).strip();
            String path = line.substring(comma + 1).strip();
            Optional<String> bad = Names.collaboratorNameProblem(name);
            if (bad.isPresent()) {
                problems.add(at, name, bad.get());
            } else if (path.isEmpty()) {
                problems.add(at, name, "the data path of '" + name + "' is empty");
            } else if (lineOf.containsKey(name)) {
                problems.add(at, name, "duplicate entry for '" + name + "' (first at line " + lineOf.get(name) + ")");
            } else {
                lineOf.put(name, i + 1);
                paths.put(name, path);
            }
        }
        return paths;
    }
}
