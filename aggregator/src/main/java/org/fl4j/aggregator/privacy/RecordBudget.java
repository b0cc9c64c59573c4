package org.fl4j.aggregator.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Record-level budget at the aggregator: each site reports, with every training, {@code epsilon_next}, the
 * epsilon its records would reach after one more round. Before a round starts the aggregator looks at the
 * latest value of every site and does not start the round when one is above {@code max_epsilon}: the
 * federation ends cleanly instead of sites refusing to train one by one. The latest values go into the
 * checkpoint, so a restart still knows them.
 */
final class RecordBudget {

    /** The metric the sites report (the collaborator's RecordPrivacy.EPSILON_NEXT). */
    static final String EPSILON_NEXT = "epsilon_next";
    /** Checkpoint key: the latest epsilon_next of each site, {@code name=value;name=value}. */
    static final String STATE = "privacy.record.epsilon_next";

    private final double max;
    private final Map<String, Double> latest = new TreeMap<>();

    RecordBudget(double max) {
        this.max = max;
    }

    void observe(String collaborator, Map<String, Double> metrics) {
        Double next = metrics.get(EPSILON_NEXT);
        if (next != null && !next.isNaN()) {
            latest.put(collaborator, next);
        }
    }

    Optional<String> budgetStop(long round) {
        for (Map.Entry<String, Double> e : latest.entrySet()) {
            if (e.getValue() > max) {
                return Optional.of("the record-level privacy budget of collaborator " + e.getKey() + " is spent: its"
                        + " records would reach epsilon " + ClientPrivacy.fmt(e.getValue()) + " in round " + round
                        + ", above privacy.settings.max_epsilon " + max);
            }
        }
        return Optional.empty();
    }

    Map<String, String> state() {
        StringBuilder s = new StringBuilder();
        latest.forEach((k, v) -> s.append(s.length() == 0 ? "" : ";").append(k).append('=').append(v));
        Map<String, String> out = new LinkedHashMap<>();
        out.put(STATE, s.toString());
        return out;
    }

    void restore(Map<String, String> state) {
        String text = state.getOrDefault(STATE, "");
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                latest.put(part.substring(0, eq), Double.parseDouble(part.substring(eq + 1)));
            }
        }
    }
}
