package org.fl4j.aggregation;

import java.util.Optional;

/**
 * How a round's updates become the next global model: one instance per plan task {@code aggregation_type},
 * created by {@link AggregationStrategies#create(String, java.util.Map)} and used for one round at a time.
 *
 * <p><b>Adding a strategy.</b> Implement this interface (usually just {@link #combiner}) in a public class
 * with a public constructor taking {@link StrategySettings} (or none when it has no settings), put it on the
 * aggregator's classpath and name the class in the plan: {@code aggregation_type: com.example.MyMean}. A
 * {@link StrategyProvider} registered with {@link java.util.ServiceLoader} gives it a short name instead.
 * The engine validates every update (layout, finiteness unless {@link #acceptsNonFinite()}, completeness)
 * before the combiner sees it, applies {@code clip_norm} if set, and keeps arrival order out of non-streaming
 * strategies.
 */
public interface AggregationStrategy {

    /** Name used in logs, errors and checkpoints, e.g. {@code FedAdam}. */
    String name();

    /**
     * True when each update can be folded into O(model) state as it is committed and then dropped; false
     * when the strategy needs all updates at once (median, Krum), which costs one model copy per update.
     */
    boolean streaming();

    /**
     * Starts combining one round.
     *
     * @param layout      the model's tensors
     * @param globalModel the current global model, read-only, valid until {@link Combiner#finish()} returns
     */
    Combiner combiner(ModelLayout layout, float[][] globalModel);

    /**
     * True when updates holding NaN or infinite values reach the combiner as sent (IEEE 754 arithmetic then
     * applies: a NaN in one update makes the weighted mean of that element NaN); false (the default) when
     * the engine refuses such an update. Selected by the {@code non_finite} setting of every strategy.
     */
    default boolean acceptsNonFinite() {
        return false;
    }

    /** The state to checkpoint after a round, if the strategy has any. */
    default Optional<StrategyState> exportState() {
        return Optional.empty();
    }

    /**
     * Restores state exported by a strategy of the same name (after an aggregator restart), before the next
     * round begins. Stateless strategies refuse any state.
     *
     * @throws AggregationException when the state belongs to another strategy or does not fit
     */
    default void restoreState(StrategyState state) {
        throw new AggregationException(name() + " keeps no state, cannot restore state of " + state.strategy());
    }

    /**
     * Begins a round: returns the object that receives the collaborators' streamed updates.
     *
     * @param layout      the model's tensors (names, shapes, order)
     * @param globalModel the current global model; not copied, so it must not change during the round
     */
    default RoundAggregation begin(ModelLayout layout, float[][] globalModel) {
        return begin(layout, globalModel, new StagingBuffers(layout, Integer.MAX_VALUE));
    }

    /**
     * Begins a round whose updates are staged in {@code buffers}, which successive rounds may share.
     *
     * @param layout      the model's tensors (names, shapes, order), the buffers' layout too
     * @param globalModel the current global model; not copied, so it must not change during the round
     */
    default RoundAggregation begin(ModelLayout layout, float[][] globalModel, StagingBuffers buffers) {
        return new RoundAggregation(this, layout, globalModel, buffers);
    }

    /**
     * Begins a round whose updates are staged in files and combined tile by tile when it finishes: the heap
     * then holds no update, whatever their number. Coordinate-wise strategies only.
     *
     * @throws StrategySettingsException when this strategy is not {@linkplain #coordinateWise() coordinate-wise}
     */
    default RoundAggregation begin(ModelLayout layout, float[][] globalModel, StagingFiles files) {
        return new RoundAggregation(this, layout, globalModel, files);
    }

    /**
     * True when every value of the result depends only on the same coordinate of the updates and of the
     * global model, and the combiner keeps no state across rounds: the result can then be computed a tile of
     * coordinates at a time ({@link StagingFiles}). False by default.
     */
    default boolean coordinateWise() {
        return false;
    }
}
