package org.fl4j.aggregation;

/**
 * A strategy's name or setting is out of range, unknown or of the wrong type, or does not fit the number of
 * updates of a round (Krum's f). The runtime reports it as a plan error at the setting's location.
 */
public final class StrategySettingsException extends AggregationException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final transient Object value;

    /**
     * @param setting the setting's key as written in the plan, e.g. {@code beta}
     * @param value   the offending value as found (may be null when the setting is missing)
     * @param problem what is wrong, e.g. "must be in [0, 0.5)"
     */
    public StrategySettingsException(String setting, Object value, String problem) {
        super(setting + " = " + (value instanceof String ? "'" + value + "'" : value) + ": " + problem);
        this.setting = setting;
        this.value = value;
    }

    /** The setting's key as written in the plan. */
    public String setting() {
        return setting;
    }

    /** The offending value as found. */
    public Object value() {
        return value;
    }
}
