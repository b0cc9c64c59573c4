/**
 * Distributed differential privacy under secure aggregation (Kairouz, Liu and Steinke, ICML 2021, "The
 * Distributed Discrete Gaussian Mechanism"): each participant clips its update, scales it into the integers
 * that secure aggregation sums modulo 2^32, and adds its share of discrete Gaussian noise before masking, so
 * that the unmasked sum carries the whole noise and nobody ever sees a noiseless update.
 * {@link org.fl4j.privacy.distributed.DistributedGaussian} is the arithmetic every party computes alike from the
 * plan and the round (scale, integer sensitivity, each share's noise, the noise multiplier to account), with
 * the paper's Rényi bound for a sum of discrete Gaussians behind the accounting.
 */
package org.fl4j.privacy.distributed;
