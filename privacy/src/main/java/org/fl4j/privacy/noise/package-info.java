/**
 * Noise that keeps its differential-privacy promise on a real computer. Floating-point samples of a
 * continuous distribution have gaps and rounding patterns that depend on the value they are added to, which
 * can reveal it (Mironov 2012); so nothing here samples a continuous distribution in floating point.
 *
 * <p>{@link org.fl4j.privacy.noise.SecureGaussian} adds Gaussian noise to float arrays (DP-SGD: every
 * parameter, every step): values are snapped to a power-of-two grid 2^24 to 2^25 times finer than the
 * standard deviation and moved by a grid multiple drawn from the discrete Gaussian by exact-integer
 * rejection, from an AES-256-CTR keystream keyed by SecureRandom; the noise's variance is the requested one
 * to double precision and snapping adds at most sqrt(d) 2^-24 of the standard deviation to a d-vector's
 * sensitivity. {@link org.fl4j.privacy.noise.DiscreteGaussianSampler} draws exact discrete Gaussian
 * integers (Canonne, Kamath and Steinke 2020) from SecureRandom with rational arithmetic only, for
 * integer-domain noise added before secure aggregation, and adds them to int arrays modulo 2^32.
 *
 * <p>Both are confined to one thread: give each thread its own instance.
 */
package org.fl4j.privacy.noise;
