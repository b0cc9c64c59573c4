/**
 * Masks: {@link org.fl4j.secagg.mask.MaskStream} is the PRG (AES-256-CTR keyed by
 * {@link org.fl4j.secagg.mask.MaskKeys}, read as little-endian int32), {@link org.fl4j.secagg.mask.IntKernels} the
 * wrapping integer additions (scalar, or {@code jdk.incubator.vector} loaded by
 * {@link org.fl4j.secagg.mask.MaskKernels}), and {@link org.fl4j.secagg.mask.MaskExpansion} the server's removal of
 * many masks at once, split across cores. Internal to the secagg module and its benchmarks; not an API for other
 * modules.
 */
package org.fl4j.secagg.mask;
