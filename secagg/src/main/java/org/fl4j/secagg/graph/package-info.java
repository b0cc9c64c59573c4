/**
 * The neighbour graph of a secure-aggregation round: {@link org.fl4j.secagg.graph.NeighbourGraph}, a Harary
 * graph under a permutation every party derives from the public round seed (the complete graph for small
 * rounds), and {@link org.fl4j.secagg.graph.GraphSizing}, which picks the number of neighbours and the threshold
 * and computes the failure probabilities documented in docs/security.md. Internal to the secagg module and its
 * benchmarks; not an API for other modules.
 */
package org.fl4j.secagg.graph;
