/**
 * The fl4j.v1 wire protocol in fl4j's own types. {@link org.fl4j.protocol.rpc.FederationClient} is the
 * collaborator's side, {@link org.fl4j.protocol.rpc.FederationService} the aggregator's (it adapts gRPC to a
 * {@link org.fl4j.protocol.rpc.FederationHandler}). Every message carries a header (sender, receiver,
 * federation id, protocol version) that the receiving side checks; models and results travel as one stream
 * of bounded chunks per call, under flow control, with a configured maximum size
 * ({@link org.fl4j.protocol.rpc.WireLimits}). Generated protobuf classes stay inside this package: the
 * codec converts them to records such as {@link org.fl4j.protocol.rpc.TasksOutcome} and
 * {@link org.fl4j.protocol.rpc.ResultHeader}, and refusals travel as
 * {@link org.fl4j.protocol.rpc.FederationException}s mapped to gRPC status codes.
 */
package org.fl4j.protocol.rpc;
