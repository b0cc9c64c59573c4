/**
 * JMH benchmarks of the aggregation engine: the FedAvg fold against the machine's copy bandwidth, a whole
 * round through the public streaming API, and the time per round of the robust strategies; and of secure
 * aggregation: mask generation, a collaborator's masking, the aggregator's unmasking, and the bytes on the wire
 * ({@code SecAggWireBytes}, a plain program). Built only in the {@code benchmarks} profile; each class's
 * javadoc gives its run command, and docs/benchmarks.md the figures.
 */
package org.fl4j.benchmarks;
