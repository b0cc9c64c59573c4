/**
 * Secure aggregation at a collaborator: {@link org.fl4j.collaborator.secagg.SecureSite} is what every round
 * shares (the plan's settings, the site's certificate and key, trust in the federation's CA), and
 * {@link org.fl4j.collaborator.secagg.SecureRoundClient} drives one round of the secagg module's client over the
 * SecureAggregation call: keys and shares before training, the masked train result (a delta to the round's
 * global model, clipped, quantised, weighted by the capped sample count and masked) in place of the weights,
 * then the consistency and unmasking stages. The round's key material lives only in memory for the round.
 */
package org.fl4j.collaborator.secagg;
