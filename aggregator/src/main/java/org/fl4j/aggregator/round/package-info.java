/**
 * The round state machine: {@link org.fl4j.aggregator.round.Federation} assigns tasks (random or static
 * groups), long-polls them to collaborators, streams results into the aggregation engine, closes rounds by the
 * straggler policy (wait for all, cutoff time, percentage), and after each round writes metrics, the best and
 * last models and the checkpoint that a restart resumes from.
 */
package org.fl4j.aggregator.round;
