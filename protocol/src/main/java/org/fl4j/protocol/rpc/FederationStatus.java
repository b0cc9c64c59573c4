package org.fl4j.protocol.rpc;

/** What a ping learns: the aggregator's current round and the number of rounds it trains. */
public record FederationStatus(long round, long roundsToTrain) {
}
