package org.fl4j.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value together with its origin, so every problem found while mapping it to records can name the
 * file, line and column. Scalars hold what SnakeYAML's safe constructor makes of them (String, Integer,
 * Long, BigInteger, Double, Boolean or null).
 */
sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    Origin origin();

    /** Plain Java form (Map/List/scalars), for free-form {@link Settings}. */
    Object toPlain();

    /** A short quote of this value for messages ("found 'ten'"). */
    String describe();

    /** A mapping; {@code keys} holds where each key was written. */
    record YMap(Map<String, YNode> entries, Map<String, Origin> keys, Origin origin) implements YNode {

        public YMap {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        static YMap empty(Origin origin) {
            return new YMap(Map.of(), Map.of(), origin);
        }

        YNode get(String key) {
            return entries.get(key);
        }

        Origin keyOrigin(String key) {
            return keys.getOrDefault(key, origin);
        }

        YMap with(String key, Origin keyOrigin, YNode value) {
            Map<String, YNode> e = new LinkedHashMap<>(entries);
            Map<String, Origin> k = new LinkedHashMap<>(keys);
            e.put(key, value);
            k.putIfAbsent(key, keyOrigin);
            return new YMap(e, k, origin);
        }

        YMap without(String key) {
            Map<String, YNode> e = new LinkedHashMap<>(entries);
            Map<String, Origin> k = new LinkedHashMap<>(keys);
            e.remove(key);
            k.remove(key);
            return new YMap(e, k, origin);
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.toPlain()));
            return java.util.Collections.unmodifiableMap(out);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record YList(List<YNode> items, Origin origin) implements YNode {

        public YList {
            items = List.copyOf(items);
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>();
            items.forEach(i -> out.add(i.toPlain()));
            return java.util.Collections.unmodifiableList(out);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code value} may be null (YAML {@code ~}, {@code null} or nothing). */
    record YScalar(Object value, Origin origin) implements YNode {

        @Override
        public Object toPlain() {
            return value;
        }

        @Override
        public String describe() {
            return value == null ? "nothing" : "'" + value + "'";
        }
    }
}
