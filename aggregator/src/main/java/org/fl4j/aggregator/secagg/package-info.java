/**
 * Secure aggregation on the aggregator: {@link org.fl4j.aggregator.secagg.SecureRound} runs one round of the
 * secagg module's server state machine for the federation (which participants, when each stage closes, what
 * each collaborator's long-polled SecureAggregation call is answered with, the per-stage log lines), and
 * {@link org.fl4j.aggregator.secagg.SecureAggregation} holds what every round of a federation shares (the plan's
 * settings and the trusted CA chain). The masked inputs themselves arrive as train results and stream into the
 * round's int accumulator; the round's unmasked average reaches the strategy as one update.
 */
package org.fl4j.aggregator.secagg;
