package org.fl4j.aggregation;

/**
 * One collaborator's complete, validated update as handed to a {@link Combiner}: every tensor present with
 * the layout's element count, every value finite, the sample count positive.
 *
 * <p>For a {@linkplain AggregationStrategy#streaming() streaming} strategy the arrays belong to the round and
 * are reused as soon as {@link Combiner#add(Update)} returns: fold them, do not keep them. A non-streaming
 * strategy may keep them until {@link Combiner#finish()}.
 *
 * @param contributor the collaborator's name
 * @param sampleCount its weight (training samples), at least 1
 * @param tensors     values indexed like the {@link ModelLayout}; a combiner may modify them in place
 */
public record Update(String contributor, long sampleCount, float[][] tensors) {
}
