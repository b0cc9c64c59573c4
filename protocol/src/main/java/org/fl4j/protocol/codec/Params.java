package org.fl4j.protocol.codec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A stage's parameters as received, read with range checks whose refusals name the stage and the value. */
record Params(String stage, Map<String, Long> values) {

    Params {
        values = Map.copyOf(values);
    }

    /** Refuses any parameter not in {@code known}. */
    Params only(String... known) {
        for (String key : new TreeMap<>(values).keySet()) {
            if (!List.of(known).contains(key)) {
                throw new CodecException(stage + ": unknown parameter '" + key + "'"
                        + (known.length == 0 ? " (it takes none)" : " (it takes " + String.join(", ", known) + ")"));
            }
        }
        return this;
    }

    int get(String key, long fallback, long min, long max) {
        long v = values.getOrDefault(key, fallback);
        if (v < min || v > max) {
            throw new CodecException(stage + ": " + key + " must be in [" + min + ", " + max + "], found " + v);
        }
        return (int) v;
    }
}
