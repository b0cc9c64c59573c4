/**
 * The operator's view of a running aggregator: {@link org.fl4j.aggregator.ops.OperationsService} answers
 * {@code fl4j.v1.Operations/Status} (only to operator certificates) with the round, its phase and estimated end,
 * and each collaborator's state, last contact and bytes, from what it has seen as a federation and call
 * listener; {@link org.fl4j.aggregator.ops.StatusClient} asks for it.
 */
package org.fl4j.aggregator.ops;
