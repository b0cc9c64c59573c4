package org.fl4j.aggregation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A strategy's settings as plain values (what the plan's YAML holds: numbers, strings, booleans), with typed
 * accessors that check ranges and remember which keys were read, so unknown keys can be reported.
 * Numbers may also be given as strings ({@code "0.1"}). Every failure is a
 * {@link StrategySettingsException} naming the setting and the value found.
 */
public final class StrategySettings {

    private final Map<String, Object> values;
    private final Set<String> read = new TreeSet<>();

    public StrategySettings(Map<String, ?> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static StrategySettings empty() {
        return new StrategySettings(Map.of());
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** A real number in [min, max] (inclusive bounds), or {@code fallback} when absent. */
    public double number(String key, double fallback, double min, double max) {
        Object raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        double v = toDouble(key, raw);
        if (!(v >= min && v <= max)) {
            throw new StrategySettingsException(key, raw, "must be in [" + min + ", " + max + "]");
        }
        return v;
    }

    /** A real number in [min, max), or {@code fallback} when absent. */
    public double numberBelow(String key, double fallback, double min, double maxExclusive) {
        Object raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        double v = toDouble(key, raw);
        if (!(v >= min && v < maxExclusive)) {
            throw new StrategySettingsException(key, raw, "must be in [" + min + ", " + maxExclusive + ")");
        }
        return v;
    }

    /** A finite number strictly greater than zero, or {@code fallback} when absent. */
    public double positive(String key, double fallback) {
        Object raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        double v = toDouble(key, raw);
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
            throw new StrategySettingsException(key, raw, "must be a positive finite number");
        }
        return v;
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
        Object raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        long v;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            v = ((Number) raw).longValue();
        } else if (raw instanceof String s && s.trim().matches("[+-]?\\d{1,18}")) {
            v = Long.parseLong(s.trim());
        } else {
            throw new StrategySettingsException(key, raw, "expected an integer");
        }
        if (v < min || v > max) {
            throw new StrategySettingsException(key, raw, "must be in [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    /** One of {@code choices} (compared ignoring case, returned as listed), or {@code fallback} when absent. */
    public String choice(String key, String fallback, String... choices) {
        Object raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        for (String c : choices) {
            if (raw instanceof String s && s.trim().equalsIgnoreCase(c)) {
                return c;
            }
        }
        throw new StrategySettingsException(key, raw, "expected one of " + String.join(", ", choices));
    }

    /** Keys present but never read by any accessor. */
    public Set<String> unread() {
        Set<String> unread = new TreeSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    /** A copy without {@code key}. */
    StrategySettings without(String key) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.remove(key);
        return new StrategySettings(copy);
    }

    private Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    private static double toDouble(String key, Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new StrategySettingsException(key, raw, "expected a number");
            }
        }
        throw new StrategySettingsException(key, raw, "expected a number");
    }
}
