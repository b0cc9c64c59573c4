/**
 * The aggregation engine: how a round's model updates become the next global model.
 *
 * <p>A plan task's {@code aggregation_type} and settings select an {@link org.fl4j.aggregation.AggregationStrategy}
 * through {@link org.fl4j.aggregation.AggregationStrategies#create}. Each round,
 * {@link org.fl4j.aggregation.AggregationStrategy#begin} returns a {@link org.fl4j.aggregation.RoundAggregation}
 * that receives every collaborator's update as a stream of chunks through an
 * {@link org.fl4j.aggregation.UpdateSink}: chunks are validated as they arrive, a complete update is handed to
 * the strategy's {@link org.fl4j.aggregation.Combiner} at commit, and {@code finish()} returns the new
 * tensors. Refused updates raise {@link org.fl4j.aggregation.UpdateRejectedException} and leave no trace;
 * bad settings raise {@link org.fl4j.aggregation.StrategySettingsException} naming the setting. This module
 * depends on nothing else of fl4j: the runtime maps plan settings and wire chunks onto these plain types.
 */
package org.fl4j.aggregation;
