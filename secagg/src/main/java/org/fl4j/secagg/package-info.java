/**
 * Secure aggregation (SecAgg+, Bell et al. CCS 2020, with PKI-signed keys and the consistency round of Bonawitz
 * et al. CCS 2017): the aggregator learns only the weighted sum of the sites' updates. This package holds what the
 * aggregator and the collaborators both use: the round's {@link org.fl4j.secagg.RoundParameters} (from the frozen
 * plan, the federation id, the round and its participants), {@link org.fl4j.secagg.PeerTrust} and
 * {@link org.fl4j.secagg.SiteIdentity} (certificates), the {@link org.fl4j.secagg.Stage}s, the
 * {@link org.fl4j.secagg.SecAggResult} and {@link org.fl4j.secagg.SecAggException}. The client and the server live
 * in {@code org.fl4j.secagg.client} and {@code org.fl4j.secagg.server}, their messages in
 * {@code org.fl4j.secagg.message}, the protobuf codec in {@code org.fl4j.secagg.wire}. docs/security.md has the
 * threat model.
 */
package org.fl4j.secagg;
