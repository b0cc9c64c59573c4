package org.fl4j.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;

/**
 * Reads the typed fields of one YAML mapping at a dotted path, recording a problem (with the value's
 * position) for every missing, mistyped or out-of-range field and returning a fallback so that checking
 * goes on and every problem is reported in one pass.
 */
final class Fields {

    private final YNode.YMap map;
    private final String path;
    private final Problems problems;
    private final String document;

    Fields(YNode.YMap map, String path, Problems problems) {
        this(map, path, problems, "the plan");
    }

    /** {@code document} names the root in messages, e.g. "the plan" or "cols.yaml". */
    Fields(YNode.YMap map, String path, Problems problems, String document) {
        this.map = map;
        this.path = path;
        this.problems = problems;
        this.document = document;
    }

    /** A view of a nested mapping; a missing key gives an empty one, a non-mapping a problem and empty. */
    Fields child(String key) {
        YNode n = map.get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return new Fields(YNode.YMap.empty(n != null ? n.origin() : map.origin()), at(key), problems);
        }
        if (n instanceof YNode.YMap m) {
            return new Fields(m, at(key), problems);
        }
        problems.add(n.origin(), at(key), at(key) + ": expected a mapping, found " + n.describe());
        return new Fields(YNode.YMap.empty(n.origin()), at(key), problems);
    }

    YNode.YMap map() {
        return map;
    }

    String path() {
        return path;
    }

    Problems problems() {
        return problems;
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Origin where(String key) {
        YNode n = map.get(key);
        return n != null ? n.origin() : map.origin();
    }

    boolean has(String key) {
        YNode n = map.get(key);
        return n != null && !(n instanceof YNode.YScalar s && s.value() == null);
    }

    /** Reports every key not in {@code known}, with a suggestion when one is close. */
    void onlyKeys(Collection<String> known) {
        for (String key : map.entries().keySet()) {
            if (!known.contains(key)) {
                problems.add(map.keyOrigin(key), at(key), "unknown key '" + key + "' in " + describePath()
                        + Suggest.hint(key, known));
            }
        }
    }

    private String describePath() {
        return path.isEmpty() ? document : path;
    }

    void missing(String key) {
        problems.add(map.origin(), at(key), at(key) + " is required");
    }

    String string(String key, String fallback) {
        YNode n = map.get(key);
        if (!has(key)) {
            if (fallback == null) {
                missing(key);
                return "";
            }
            return fallback;
        }
        if (n instanceof YNode.YScalar s && s.value() instanceof String text) {
            if (text.isBlank()) {
                problems.add(n.origin(), at(key), at(key) + " must not be empty");
            }
            return text;
        }
        problems.add(n.origin(), at(key), at(key) + ": expected text, found " + n.describe());
        return fallback != null ? fallback : "";
    }

    long integer(String key, Long fallback, LongPredicate valid, String rule) {
        YNode n = map.get(key);
        if (!has(key)) {
            if (fallback == null) {
                missing(key);
                return 0;
            }
            return fallback;
        }
        Object v = ((n instanceof YNode.YScalar s) ? s.value() : null);
        if (v instanceof Integer || v instanceof Long) {
            long value = ((Number) v).longValue();
            if (valid != null && !valid.test(value)) {
                problems.add(n.origin(), at(key), at(key) + " must be " + rule + ", found " + value);
            }
            return value;
        }
        if (v instanceof BigInteger) {
            problems.add(n.origin(), at(key), at(key) + " is out of range, found " + v);
        } else {
            problems.add(n.origin(), at(key), at(key) + ": expected an integer, found " + n.describe());
        }
        return fallback != null ? fallback : 0;
    }

    int intValue(String key, Integer fallback, LongPredicate valid, String rule) {
        LongPredicate inRange = x -> x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE;
        long v = integer(key, fallback == null ? null : fallback.longValue(),
                valid == null ? inRange : inRange.and(valid), valid == null ? "a 32-bit integer" : rule);
        return inRange.test(v) ? (int) v : 0;
    }

    double number(String key, Double fallback, DoublePredicate valid, String rule) {
        YNode n = map.get(key);
        if (!has(key)) {
            if (fallback == null) {
                missing(key);
                return 0;
            }
            return fallback;
        }
        Object v = ((n instanceof YNode.YScalar s) ? s.value() : null);
        if (v instanceof Number num && !(v instanceof BigInteger)) {
            double value = num.doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value) || valid != null && !valid.test(value)) {
                problems.add(n.origin(), at(key), at(key) + " must be " + rule + ", found " + v);
            }
            return value;
        }
        problems.add(n.origin(), at(key), at(key) + ": expected a number, found " + n.describe());
        return fallback != null ? fallback : 0;
    }

    boolean bool(String key, boolean fallback) {
        YNode n = map.get(key);
        if (!has(key)) {
            return fallback;
        }
        if (n instanceof YNode.YScalar s && s.value() instanceof Boolean b) {
            return b;
        }
        problems.add(n.origin(), at(key), at(key) + ": expected true or false, found " + n.describe());
        return fallback;
    }

    /** One of {@code choices} (compared as written); reports the valid ones and a suggestion. */
    String choice(String key, String fallback, List<String> choices) {
        String value = string(key, fallback);
        if (has(key) && map.get(key) instanceof YNode.YScalar s && s.value() instanceof String
                && !choices.contains(value)) {
            problems.add(where(key), at(key), at(key) + " must be one of " + String.join(", ", choices)
                    + ", found '" + value + "'" + Suggest.hint(value, choices));
        }
        return value;
    }

    /** A list of non-empty strings; a missing key gives {@code fallback} (or a problem when null). */
    List<String> strings(String key, List<String> fallback) {
        YNode n = map.get(key);
        if (!has(key)) {
            if (fallback == null) {
                missing(key);
                return List.of();
            }
            return fallback;
        }
        if (!(n instanceof YNode.YList list)) {
            problems.add(n.origin(), at(key), at(key) + ": expected a list, found " + n.describe());
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            if (item instanceof YNode.YScalar s && s.value() instanceof String text && !text.isBlank()) {
                out.add(text);
            } else {
                problems.add(item.origin(), at(key) + "[" + i + "]",
                        at(key) + "[" + i + "]: expected a name, found " + item.describe());
            }
        }
        return out;
    }

    /** The list of mappings at {@code key}, each wrapped for reading; problems for anything else. */
    List<Fields> mappings(String key) {
        YNode n = map.get(key);
        if (!has(key)) {
            missing(key);
            return List.of();
        }
        if (!(n instanceof YNode.YList list)) {
            problems.add(n.origin(), at(key), at(key) + ": expected a list, found " + n.describe());
            return List.of();
        }
        List<Fields> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            String p = at(key) + "[" + i + "]";
            if (item instanceof YNode.YMap m) {
                out.add(new Fields(m, p, problems));
            } else {
                problems.add(item.origin(), p, p + ": expected a mapping, found " + item.describe());
            }
        }
        return out;
    }

    /** The free-form settings at {@code key} (a mapping), as {@link Settings} with their dotted path. */
    Settings settings(String key) {
        Fields f = child(key);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> plain = (java.util.Map<String, Object>) f.map.toPlain();
        return new Settings(f.path, plain);
    }

    Optional<YNode> node(String key) {
        return Optional.ofNullable(map.get(key));
    }
}
