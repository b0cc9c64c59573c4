package org.fl4j.aggregation;

/**
 * Gives a strategy a short plan name; registered in
 * {@code META-INF/services/org.fl4j.aggregation.StrategyProvider}. The built-in strategies use it too.
 */
public interface StrategyProvider {

    /** The name written as {@code aggregation_type} in the plan, e.g. {@code Median}. */
    String name();

    /**
     * Creates the strategy; must read every setting it knows through {@code settings} so that
     * {@link AggregationStrategies} can report the unknown ones.
     *
     * @throws StrategySettingsException for a setting out of range or of the wrong type
     */
    AggregationStrategy create(StrategySettings settings);
}
