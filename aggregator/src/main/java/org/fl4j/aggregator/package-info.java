/**
 * The aggregator: {@link org.fl4j.aggregator.AggregatorServer} serves a federation over gRPC (Netty with mutual
 * TLS in production, in-process in tests), configured by {@link org.fl4j.aggregator.AggregatorConfig} from the
 * plan. {@link org.fl4j.aggregator.PeerAuthentication} proves each caller's identity from its client
 * certificate (CN in cols.yaml, not revoked) before any message is read.
 */
package org.fl4j.aggregator;
