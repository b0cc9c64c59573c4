/**
 * A collaborator's side of secure aggregation: {@link org.fl4j.secagg.client.SecAggClient} runs one round stage by
 * stage, checking everything the aggregator relays, and {@link org.fl4j.secagg.client.MaskedUpload} produces its
 * masked input a chunk at a time. The collaborator's runtime loop drives it.
 */
package org.fl4j.secagg.client;
