/**
 * The messages of a secure-aggregation round as records: {@link org.fl4j.secagg.message.ClientMessage}s a
 * collaborator sends, {@link org.fl4j.secagg.message.RelayMessage}s the aggregator relays to one collaborator.
 * Each names its round and stage. {@link org.fl4j.secagg.wire.SecAggWire} converts them to and from the
 * {@code fl4j.v1} protobuf messages.
 */
package org.fl4j.secagg.message;
