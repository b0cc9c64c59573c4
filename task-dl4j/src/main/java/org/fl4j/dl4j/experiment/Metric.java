package org.fl4j.dl4j.experiment;

/**
 * One line of the aggregator's metrics log: in round {@code round}, {@code origin} (the aggregator, for
 * values aggregated over the collaborators, or a collaborator's name) reported {@code metric} of
 * {@code task}.
 */
public record Metric(long round, String origin, String task, String metric, double value) {

    /** Origin of aggregated values. */
    public static final String AGGREGATOR = "aggregator";

    public boolean aggregated() {
        return AGGREGATOR.equals(origin);
    }
}
