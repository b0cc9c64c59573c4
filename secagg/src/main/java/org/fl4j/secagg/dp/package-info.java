/**
 * Distributed differential privacy inside secure aggregation: {@link org.fl4j.secagg.dp.DistributedDp} turns
 * the plan's client-level settings into each round's parameters (the quantisation every party uses alike) and
 * encodes a collaborator's update before masking: clipped to the plan's L2 clip norm, scaled and randomly
 * rounded to integers whose norm is checked against the sensitivity, then noised with its share of discrete
 * Gaussian noise, so the unmasked sum carries the calibrated noise and no party sees a noiseless update.
 */
package org.fl4j.secagg.dp;
