package org.fl4j.plan;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the merged plan tree: the plan file, each section's {@code defaults} file underneath it (the
 * plan's own values win, mappings merge key by key, anything else is replaced), then the overrides by
 * dotted path.
 */
final class PlanTree {

    static final String DEFAULTS = "defaults";

    private final PlanFiles files;
    private final Problems problems;
    private final YamlFiles yaml;

    PlanTree(PlanFiles files, Problems problems) {
        this.files = files;
        this.problems = problems;
        this.yaml = new YamlFiles(problems);
    }

    /** The merged tree, or empty when the plan file itself cannot be read as a mapping. */
    Optional<YNode.YMap> build(Map<String, ?> overrides) {
        String display = files.display(files.plan());
        Optional<YNode> root = yaml.read(files.plan(), display);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (!(root.get() instanceof YNode.YMap map)) {
            problems.add(root.get().origin(), "", "the plan must be a mapping of sections, found "
                    + root.get().describe());
            return Optional.empty();
        }
        YNode.YMap merged = map;
        for (String section : map.entries().keySet()) {
            if (map.get(section) instanceof YNode.YMap sectionMap && sectionMap.get(DEFAULTS) != null) {
                merged = merged.with(section, map.keyOrigin(section), withDefaults(section, sectionMap));
            }
        }
        for (Map.Entry<String, ?> o : overrides.entrySet()) {
            merged = override(merged, o.getKey(), o.getValue());
        }
        return Optional.of(merged);
    }

    private YNode.YMap withDefaults(String section, YNode.YMap sectionMap) {
        YNode ref = sectionMap.get(DEFAULTS);
        YNode.YMap own = sectionMap.without(DEFAULTS);
        String path = section + "." + DEFAULTS;
        if (!(ref instanceof YNode.YScalar s && s.value() instanceof String name) || name.isBlank()) {
            problems.add(ref.origin(), path, path + ": expected a file path, found " + ref.describe());
            return own;
        }
        Path file = files.workspace().resolve(name).normalize();
        if (Path.of(name).isAbsolute() || !file.startsWith(files.workspace())) {
            problems.add(ref.origin(), path, path + " must be a path inside the workspace, found '" + name + "'");
            return own;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            problems.add(ref.origin(), path, path + ": defaults file '" + name + "' not found");
            return own;
        }
        Optional<YNode> loaded = yaml.read(file, files.display(file));
        if (loaded.isEmpty()) {
            return own;
        }
        if (!(loaded.get() instanceof YNode.YMap defaults)) {
            problems.add(loaded.get().origin(), path, "the defaults file of " + section
                    + " must be a mapping, found " + loaded.get().describe());
            return own;
        }
        if (defaults.get(DEFAULTS) != null) {
            problems.add(defaults.keyOrigin(DEFAULTS), path, "a defaults file cannot name further defaults");
            defaults = defaults.without(DEFAULTS);
        }
        return (YNode.YMap) merge(defaults, own);
    }

    /** {@code over} on top of {@code base}: mappings merge key by key, anything else replaces. */
    static YNode merge(YNode base, YNode over) {
        if (!(base instanceof YNode.YMap b) || !(over instanceof YNode.YMap o)) {
            return over;
        }
        Map<String, YNode> entries = new LinkedHashMap<>();
        Map<String, Origin> keys = new LinkedHashMap<>();
        for (String k : b.entries().keySet()) {
            YNode ov = o.get(k);
            entries.put(k, ov == null ? b.get(k) : merge(b.get(k), ov));
            keys.put(k, ov == null ? b.keyOrigin(k) : o.keyOrigin(k));
        }
        for (String k : o.entries().keySet()) {
            if (!entries.containsKey(k)) {
                entries.put(k, o.get(k));
                keys.put(k, o.keyOrigin(k));
            }
        }
        return new YNode.YMap(entries, keys, o.origin());
    }

    private YNode.YMap override(YNode.YMap root, String dotted, Object value) {
        Origin origin = Origin.of("--set " + dotted + "=" + value);
        if (dotted == null || dotted.isBlank() || dotted.startsWith(".") || dotted.endsWith(".")
                || dotted.contains("..")) {
            problems.add(origin, String.valueOf(dotted), "an override needs a dotted path such as"
                    + " aggregator.settings.rounds_to_train, found '" + dotted + "'");
            return root;
        }
        Optional<YNode> node = toNode(value, origin);
        if (node.isEmpty()) {
            return root;
        }
        List<String> parts = List.of(dotted.split("\\."));
        YNode result = set(root, parts, 0, node.get(), origin, dotted);
        return result instanceof YNode.YMap m ? m : root;
    }

    private YNode set(YNode at, List<String> parts, int i, YNode value, Origin origin, String dotted) {
        if (i == parts.size()) {
            return value;
        }
        String part = parts.get(i);
        if (at instanceof YNode.YMap m) {
            YNode child = m.get(part);
            if (child == null && i + 1 < parts.size()) {
                child = YNode.YMap.empty(origin);
            }
            return m.with(part, origin, set(child, parts, i + 1, value, origin, dotted));
        }
        if (at instanceof YNode.YList l && part.matches("\\d+") && Integer.parseInt(part) < l.items().size()) {
            List<YNode> items = new ArrayList<>(l.items());
            int index = Integer.parseInt(part);
            items.set(index, set(items.get(index), parts, i + 1, value, origin, dotted));
            return new YNode.YList(items, l.origin());
        }
        if (at == null || at instanceof YNode.YScalar s && s.value() == null) {
            return set(YNode.YMap.empty(origin), parts, i, value, origin, dotted);
        }
        String parent = String.join(".", parts.subList(0, i));
        problems.add(origin, dotted, "cannot set " + dotted + ": " + parent + " is " + at.describe()
                + (at instanceof YNode.YList ? " (use an index below its size, e.g. " + parent + ".0)" : ""));
        return at;
    }

    /** A Java value, or text read as a YAML value ({@code 5}, {@code true}, {@code [a, b]}). */
    private Optional<YNode> toNode(Object value, Origin origin) {
        if (value instanceof String text) {
            if (text.isBlank()) {
                return Optional.of(new YNode.YScalar(null, origin));
            }
            return new YamlFiles(problems).parse(new StringReader(text), origin.file())
                    .map(n -> reorigin(n, origin));
        }
        return Optional.of(fromJava(value, origin));
    }

    private static YNode fromJava(Object value, Origin origin) {
        if (value instanceof Map<?, ?> m) {
            Map<String, YNode> entries = new LinkedHashMap<>();
            Map<String, Origin> keys = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                entries.put(String.valueOf(k), fromJava(v, origin));
                keys.put(String.valueOf(k), origin);
            });
            return new YNode.YMap(entries, keys, origin);
        }
        if (value instanceof List<?> l) {
            return new YNode.YList(l.stream().map(v -> fromJava(v, origin)).toList(), origin);
        }
        if (value instanceof Float f) {
            return new YNode.YScalar(f.doubleValue(), origin);
        }
        if (value instanceof Short || value instanceof Byte) {
            return new YNode.YScalar(((Number) value).intValue(), origin);
        }
        return new YNode.YScalar(value, origin);
    }

    private static YNode reorigin(YNode n, Origin origin) {
        if (n instanceof YNode.YMap m) {
            Map<String, YNode> entries = new LinkedHashMap<>();
            Map<String, Origin> keys = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> {
                entries.put(k, reorigin(v, origin));
                keys.put(k, origin);
            });
            return new YNode.YMap(entries, keys, origin);
        }
        if (n instanceof YNode.YList l) {
            return new YNode.YList(l.items().stream().map(i -> reorigin(i, origin)).toList(), origin);
        }
        return new YNode.YScalar(((YNode.YScalar) n).value(), origin);
    }
}
