package org.fl4j.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The free-form {@code settings} of a plan section (the constructor arguments of its template), read-only,
 * with typed accessors whose errors name the setting's dotted path, for example
 * {@code task_runner.settings.epochs: expected an integer, found 'ten'}.
 *
 * <p>Values are what SnakeYAML's safe constructor produces: String, Integer/Long/BigInteger, Double,
 * Boolean, List and Map, with nested lists and maps unmodifiable.
 */
public final class Settings {

    private static final Settings EMPTY = new Settings("", Map.of());

    private final String path;
    private final Map<String, Object> values;

    public Settings(String path, Map<String, ?> values) {
        this.path = Objects.requireNonNull(path, "path");
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Settings empty() {
        return EMPTY;
    }

    /** Dotted path of this settings block in the plan, e.g. {@code task_runner.settings}. */
    public String path() {
        return path;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String getString(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    public String requireString(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new SettingsException(where(key) + " is required");
        }
        return String.valueOf(v);
    }

    public long getLong(String key, long fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw new SettingsException(where(key) + ": expected an integer, found '" + v + "'");
    }

    public int getInt(String key, int fallback) {
        long v = getLong(key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new SettingsException(where(key) + ": " + v + " is out of range");
        }
        return (int) v;
    }

    public double getDouble(String key, double fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new SettingsException(where(key) + ": expected a number, found '" + v + "'");
    }

    public boolean getBoolean(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new SettingsException(where(key) + ": expected true or false, found '" + v + "'");
    }

    public List<?> getList(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw new SettingsException(where(key) + ": expected a list, found '" + v + "'");
    }

    public Settings getSettings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return new Settings(where(key), Map.of());
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, val) -> copy.put(String.valueOf(k), val));
            return new Settings(where(key), copy);
        }
        throw new SettingsException(where(key) + ": expected a mapping, found '" + v + "'");
    }

    private String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && path.equals(s.path) && values.equals(s.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, values);
    }

    @Override
    public String toString() {
        return path + values;
    }
}
