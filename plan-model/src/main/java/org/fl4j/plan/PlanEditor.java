package org.fl4j.plan;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Sets scalar values in a plan file by dotted path while keeping the rest of the text (comments, order,
 * {@code defaults} references) as written: an existing scalar is replaced where it stands; a missing key is
 * inserted in block style under the deepest mapping of its path that the file has.
 */
final class PlanEditor {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

    private final List<String> lines;
    private final String display;

    private PlanEditor(String text, String display) {
        this.lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        this.display = display;
    }

    /** Sets {@code dotted} to the scalar {@code value} in {@code file} (written atomically). */
    static void set(Path file, String display, String dotted, Object value) throws IOException {
        if (!writable(file)) {
            throw new java.nio.file.AccessDeniedException(display + " is write-protected (a frozen plan?);"
                    + " switch to an editable plan first");
        }
        PlanEditor editor = new PlanEditor(Files.readString(file, StandardCharsets.UTF_8), display);
        editor.apply(List.of(dotted.split("\\.")), value);
        CollaboratorRegistry.writeAtomically(file, String.join("\n", editor.lines));
    }

    /** Owner-writable (checked on the mode bits: {@code isWritable} is always true for root). */
    static boolean writable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
        return Files.isWritable(file);
    }

    private void apply(List<String> path, Object value) {
        Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(String.join("\n", lines)));
        String text = render(value);
        if (!(root instanceof MappingNode map)) {
            if (root == null) {
                lines.add(0, block(path, 0, text));
                return;
            }
            throw refuse("the plan is not a mapping");
        }
        for (int depth = 0; ; depth++) {
            String key = path.get(depth);
            Node child = child(map, key);
            if (child == null) {
                insert(map, path.subList(depth, path.size()), text);
                return;
            }
            if (depth == path.size() - 1) {
                if (!(child instanceof ScalarNode s)) {
                    throw refuse(String.join(".", path) + " is not a single value");
                }
                replace(s, text);
                return;
            }
            if (!(child instanceof MappingNode m) || m.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW) {
                if (child instanceof ScalarNode s && s.getValue().isEmpty()) {
                    int line = s.getStartMark().getLine();
                    int keyColumn = keyColumn(map, key);
                    lines.set(line, lines.get(line).stripTrailing());
                    lines.add(line + 1, block(path.subList(depth + 1, path.size()), keyColumn + 2, text));
                    return;
                }
                throw refuse(String.join(".", path.subList(0, depth + 1)) + " is not a block mapping");
            }
            map = m;
        }
    }

    private static Node child(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static int keyColumn(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return k.getStartMark().getColumn();
            }
        }
        return 0;
    }

    private void insert(MappingNode map, List<String> rest, String text) {
        if (map.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW) {
            throw refuse("cannot add " + rest.get(0) + " to a flow-style mapping {...}");
        }
        List<NodeTuple> tuples = map.getValue();
        int column = tuples.isEmpty() ? 0 : tuples.get(0).getKeyNode().getStartMark().getColumn();
        lines.add(lastLine(map) + 1, block(rest, column, text));
    }

    /** The last line holding content of {@code node} (scalars' end marks are exact; collections' are not). */
    private static int lastLine(Node node) {
        int last = node.getStartMark().getLine();
        if (node instanceof ScalarNode s) {
            return s.getEndMark().getLine();
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                last = Math.max(last, Math.max(lastLine(t.getKeyNode()), lastLine(t.getValueNode())));
            }
        } else if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode q) {
            for (Node item : q.getValue()) {
                last = Math.max(last, lastLine(item));
            }
        }
        return last;
    }

    private static String block(List<String> keys, int column, String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            sb.append(" ".repeat(column + 2 * i)).append(keys.get(i)).append(':');
            sb.append(i == keys.size() - 1 ? " " + text : "\n");
        }
        return sb.toString();
    }

    private void replace(ScalarNode s, String text) {
        int line = s.getStartMark().getLine();
        if (s.getEndMark().getLine() != line) {
            throw refuse("cannot replace a value that spans lines");
        }
        String current = lines.get(line);
        lines.set(line, current.substring(0, s.getStartMark().getColumn()) + text
                + current.substring(s.getEndMark().getColumn()));
    }

    private static String render(Object value) {
        String v = String.valueOf(value);
        return value instanceof Number || value instanceof Boolean || PLAIN.matcher(v).matches() && !isSpecial(v)
                ? v : "'" + v.replace("'", "''") + "'";
    }

    private static boolean isSpecial(String v) {
        return List.of("true", "false", "yes", "no", "on", "off", "null", "~").contains(v.toLowerCase(java.util.Locale.ROOT))
                || v.matches("[0-9.+-].*");
    }

    private IllegalStateException refuse(String why) {
        return new IllegalStateException("cannot edit " + display + ": " + why);
    }
}
