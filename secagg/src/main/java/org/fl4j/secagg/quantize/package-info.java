/**
 * Quantisation of updates for secure aggregation: clipping to a range, scaling to a number of bits, unbiased
 * stochastic rounding from a CSPRNG, weighting by the (capped) sample count ({@link
 * org.fl4j.secagg.quantize.Quantiser}), and the way back from the unmasked integer sum to the weighted average
 * ({@link org.fl4j.secagg.quantize.Dequantiser}). {@link org.fl4j.secagg.quantize.Quantisation} documents the error
 * bound and the overflow budget.
 */
package org.fl4j.secagg.quantize;
