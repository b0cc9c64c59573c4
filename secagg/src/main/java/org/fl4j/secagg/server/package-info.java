/**
 * The aggregator's side of secure aggregation: {@link org.fl4j.secagg.server.SecAggServer} runs one round stage by
 * stage (accept each collaborator's message, close the stage, relay), folds masked inputs streamed through
 * {@link org.fl4j.secagg.server.MaskedInputSink}s into an int accumulator mod 2^32, and at the end reconstructs the
 * secrets it needs and removes the masks. The runtime's round state machine drives it; it decides nothing about
 * time.
 */
package org.fl4j.secagg.server;
