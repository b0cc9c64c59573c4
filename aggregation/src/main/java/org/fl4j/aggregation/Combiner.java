package org.fl4j.aggregation;

/**
 * Combines the updates of one round into the new global model; created by
 * {@link AggregationStrategy#combiner(ModelLayout, float[][])} once per round and driven by
 * {@link RoundAggregation}, which validates every update first and never calls it concurrently.
 *
 * <p>A streaming strategy's combiner gets {@link #add(Update)} for each update as it is committed, in arrival
 * order; it must fold it into state of O(model) size and produce the same result whatever that order. A
 * non-streaming strategy's combiner gets every update at {@link RoundAggregation#finish()} time, in
 * ascending order of contributor name, so its result cannot depend on arrival order.
 */
public interface Combiner {

    /**
     * Takes one validated update into account. The update's arrays are staging buffers: they are reused for
     * other updates once this returns (streaming) or once {@link #finish()} returns (non-streaming), so keep
     * values, not the arrays.
     */
    void add(Update update);

    /**
     * Returns the new global model, shaped like the round's layout; called once, after at least one add.
     *
     * @throws StrategySettingsException when a setting does not fit this round (e.g. Krum's f too large for
     *                                   the number of updates)
     */
    float[][] finish();

    /**
     * As {@link #finish()}, but the combiner may write the new model into {@code into}, a buffer of the
     * round's layout holding stale values (every element must then be written), and return it; the engine
     * passes a recycled staging buffer so that a round allocates no model-sized arrays. The default ignores
     * it and returns fresh arrays.
     */
    default float[][] finish(float[][] into) {
        return finish();
    }
}
