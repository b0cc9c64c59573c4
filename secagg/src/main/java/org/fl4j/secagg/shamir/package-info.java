/**
 * Shamir secret sharing of 256-bit secrets (round key material) over the prime field GF(2^61 - 1):
 * {@link org.fl4j.secagg.shamir.Shamir} splits a secret into shares for a threshold t and reconstructs it from
 * any t of them. Internal to the secagg module; not an API for other modules.
 */
package org.fl4j.secagg.shamir;
