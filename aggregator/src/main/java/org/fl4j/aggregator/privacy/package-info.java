/**
 * The aggregator's differential privacy: client-level DP-FedAvg as a stage of the update path (each update's
 * difference to the global model clipped as it is folded, Gaussian noise on the sum at the end of the round,
 * the plan's strategy applied to the noisy average), its accountant kept in the checkpoint and in a journal
 * of released models, and the privacy budget, at both levels, checked before every round.
 * {@link org.fl4j.aggregator.privacy.AggregatorPrivacy} is the one class the round machinery calls.
 */
package org.fl4j.aggregator.privacy;
