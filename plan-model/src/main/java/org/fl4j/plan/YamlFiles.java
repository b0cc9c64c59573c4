package org.fl4j.plan;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Composes YAML files into {@link YNode} trees that keep line and column, with SnakeYAML's safe
 * constructor for scalars only (no tags that build objects). Syntax errors, duplicate keys, non-string keys
 * and explicit tags become problems with positions.
 */
final class YamlFiles {

    /** Guards against alias bombs and self-referencing anchors. */
    private static final int MAX_NODES = 200_000;
    private static final int MAX_DEPTH = 64;

    private final Problems problems;
    private final ScalarConstructor scalars = new ScalarConstructor();
    private String file;
    private int nodes;

    YamlFiles(Problems problems) {
        this.problems = problems;
    }

    /** The file's tree (an empty mapping for an empty file), or empty after recording why not. */
    Optional<YNode> read(Path path, String display) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(Origin.of(display), "", "file not found");
            return Optional.empty();
        } catch (MalformedInputException e) {
            problems.add(Origin.of(display), "", "not UTF-8 text");
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Origin.of(display), "", "cannot read: " + e.getMessage());
            return Optional.empty();
        }
        return parse(new StringReader(text), display);
    }

    Optional<YNode> parse(Reader reader, String display) {
        this.file = display;
        this.nodes = 0;
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(reader);
        } catch (MarkedYAMLException e) {
            problems.add(at(e.getProblemMark()), "", syntaxMessage(e));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(Origin.of(display), "", "YAML error: " + e.getMessage());
            return Optional.empty();
        }
        if (root == null) {
            return Optional.of(YNode.YMap.empty(new Origin(display, 1, 1)));
        }
        int before = problems.size();
        YNode tree = convert(root, 0);
        return problems.size() == before ? Optional.of(tree) : Optional.empty();
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        if (problem.startsWith("Global tag is not allowed")) {
            return "YAML tag '" + problem.substring(problem.indexOf(':') + 1).strip() + "' is not allowed in a plan";
        }
        StringBuilder sb = new StringBuilder("YAML syntax error: ").append(problem);
        if (e.getContext() != null && e.getContextMark() != null) {
            sb.append(" (").append(e.getContext()).append(" at line ").append(e.getContextMark().getLine() + 1)
                    .append(", column ").append(e.getContextMark().getColumn() + 1).append(')');
        }
        if (problem.contains("block end") || problem.contains("mapping values are not allowed")
                || problem.contains("could not find expected ':'")) {
            sb.append("; check the indentation (use spaces, same depth for keys of one mapping)");
        }
        if (problem.contains("found character '\\t'")) {
            sb.append("; YAML indentation must use spaces, not tabs");
        }
        return sb.toString();
    }

    private Origin at(Mark mark) {
        return mark == null ? Origin.of(file) : new Origin(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private YNode convert(Node node, int depth) {
        Origin where = at(node.getStartMark());
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            if (nodes == MAX_NODES + 1 || depth == MAX_DEPTH + 1) {
                problems.add(where, "", "document too large or too deeply nested (aliases expand to over "
                        + MAX_NODES + " values or " + MAX_DEPTH + " levels)");
            }
            return new YNode.YScalar(null, where);
        }
        if (node instanceof MappingNode map) {
            return mapping(map, where, depth);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(convert(item, depth + 1));
            }
            return new YNode.YList(items, where);
        }
        return scalar((ScalarNode) node, where);
    }

    private YNode mapping(MappingNode map, Origin where, int depth) {
        Map<String, YNode> entries = new LinkedHashMap<>();
        Map<String, Origin> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Origin keyAt = at(t.getKeyNode().getStartMark());
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                problems.add(keyAt, "", "keys must be plain words, found " + describeKey(t.getKeyNode()));
                continue;
            }
            if (k.getTag().equals(Tag.MERGE)) {
                problems.add(keyAt, "", "YAML merge keys ('<<') are not supported: write the settings out");
                continue;
            }
            String key = k.getValue();
            if (entries.containsKey(key)) {
                Origin first = keys.get(key);
                problems.add(keyAt, key, "duplicate key '" + key + "' (first at line " + first.line() + ")");
                continue;
            }
            keys.put(key, keyAt);
            entries.put(key, convert(t.getValueNode(), depth + 1));
        }
        return new YNode.YMap(entries, keys, where);
    }

    private static String describeKey(Node key) {
        if (key instanceof ScalarNode s) {
            return "'" + s.getValue() + "'";
        }
        return key instanceof MappingNode ? "a mapping" : "a list";
    }

    private YNode scalar(ScalarNode node, Origin where) {
        Tag tag = node.getTag();
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL)) {
            try {
                return new YNode.YScalar(scalars.construct(node), where);
            } catch (YAMLException | NumberFormatException e) {
                problems.add(where, "", "cannot read the value '" + node.getValue() + "'");
                return new YNode.YScalar(null, where);
            }
        }
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
            return new YNode.YScalar(node.getValue(), where);
        }
        problems.add(where, "", "YAML tag '" + tag.getValue() + "' is not allowed in a plan");
        return new YNode.YScalar(null, where);
    }

    /** Exposes the safe constructor's scalar conversion (ints, floats, booleans, null). */
    private static final class ScalarConstructor extends SafeConstructor {
        ScalarConstructor() {
            super(new LoaderOptions());
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }
}
