package org.fl4j.plan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a plan's values as PyYAML's {@code yaml.dump} does with its defaults (block style, keys sorted, two
 * spaces of indentation, sequences not indented under their key, lines of at most 80 columns): OpenFL hashes
 * that text to name its federation, so fl4j must produce it byte for byte. Covers what safe-loaded plans hold
 * (mappings with text keys, lists, text, integers, floats, booleans, null); text PyYAML would fold over several
 * lines, or write with escapes, is refused ({@link IllegalArgumentException}) rather than guessed. Checked
 * against PyYAML 6 in {@code PyYamlDumpTest}.
 */
final class PyYamlDump {

    private static final int WIDTH = 80;
    private static final Pattern BOOL = Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
            + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
            + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
    private static final Pattern INT = Pattern.compile("[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)"
            + "|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?.*");

    private final StringBuilder out = new StringBuilder();

    private PyYamlDump() {
    }

    static String dump(Object value) {
        PyYamlDump d = new PyYamlDump();
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            d.mapping(m, 0);
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            d.sequence(l, 0);
        } else {
            d.out.append(d.scalar(value, 0)).append('\n');
        }
        return d.out.toString();
    }

    private void mapping(Map<?, ?> m, int indent) {
        for (String key : sortedKeys(m)) {
            out.append(" ".repeat(indent));
            String k = scalar(key, indent);
            out.append(k).append(':');
            value(m.get(key), indent, indent + k.length() + 2);
        }
    }

    private void sequence(List<?> l, int indent) {
        for (Object item : l) {
            out.append(" ".repeat(indent)).append("- ");
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                mappingInItem(m, indent + 2);
            } else if (item instanceof List<?> inner && !inner.isEmpty()) {
                throw new IllegalArgumentException("a list directly inside a list is not written as PyYAML would");
            } else {
                out.append(scalar(item, indent + 2)).append('\n');
            }
        }
    }

    /** A mapping that starts on the line of its "- ": first key there, the others indented under it. */
    private void mappingInItem(Map<?, ?> m, int indent) {
        boolean first = true;
        for (String key : sortedKeys(m)) {
            if (!first) {
                out.append(" ".repeat(indent));
            }
            first = false;
            String k = scalar(key, indent);
            out.append(k).append(':');
            value(m.get(key), indent, indent + k.length() + 2);
        }
    }

    private void value(Object v, int indent, int column) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            mapping(m, indent + 2);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            sequence(l, indent);
        } else {
            out.append(' ').append(scalar(v, column)).append('\n');
        }
    }

    private static List<String> sortedKeys(Map<?, ?> m) {
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) {
            if (!(k instanceof String s)) {
                throw new IllegalArgumentException("a mapping key that is not text: " + k);
            }
            keys.add(s);
        }
        keys.sort(null);
        return keys;
    }

    /** A scalar as PyYAML writes it starting at {@code column}. */
    private String scalar(Object v, int column) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?>) {
            return "{}";
        }
        if (v instanceof List<?>) {
            return "[]";
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            return floatText(((Number) v).doubleValue());
        }
        String s = String.valueOf(v);
        checkWidth(s, column);
        return plain(s) ? s : "'" + s.replace("'", "''") + "'";
    }

    private static void checkWidth(String s, int column) {
        int col = column;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' && col > WIDTH) {
                throw new IllegalArgumentException("text longer than a line ('" + s + "'): PyYAML folds it");
            }
            col++;
        }
    }

    /** True when PyYAML writes {@code s} without quotes. */
    static boolean plain(String s) {
        if (s.isEmpty() || BOOL.matcher(s).matches() || FLOAT.matcher(s).matches() || INT.matcher(s).matches()
                || NULL.matcher(s).matches() || TIMESTAMP.matcher(s).matches() || s.equals("<<") || s.equals("=")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("text with characters PyYAML escapes: '" + s + "'");
            }
        }
        char first = s.charAt(0);
        boolean followedBySpace = s.length() == 1 || s.charAt(1) == ' ';
        if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0 || ("?:-".indexOf(first) >= 0 && followedBySpace)) {
            return false;
        }
        if (first == ' ' || s.charAt(s.length() - 1) == ' ') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
                return false;
            }
            if (c == '#' && s.charAt(i - 1) == ' ') {
                return false;
            }
        }
        return true;
    }

    /** Python's repr of a float, as PyYAML writes it (lower case, ".0" added before a bare exponent). */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = b.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - b.scale();
        String sign = d < 0 ? "-" : "";
        String text;
        if (exponent >= -4 && exponent < 16) {
            text = b.abs().toPlainString();
            if (!text.contains(".")) {
                text += ".0";
            }
        } else {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            text = mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
            if (!mantissa.contains(".")) {
                text = text.replace("e", ".0e");
            }
        }
        return sign + text;
    }
}
