/**
 * Privacy accounting for sequences of Poisson-subsampled Gaussian steps (DP-SGD's and DP-FedAvg's), under
 * add-or-remove-one neighbouring, composed over any number of steps with any mix of sampling rates and
 * noise multipliers.
 *
 * <p>The API: a step is a {@link org.fl4j.privacy.accounting.PoissonGaussian} (sampling rate, noise
 * multiplier). {@link org.fl4j.privacy.accounting.PrivacyAccountant#create(AccountantKind)} gives an empty
 * accountant of either {@link org.fl4j.privacy.accounting.AccountantKind}; accountants are immutable, so
 * {@code compose(step, count)} returns a new one and {@code epsilonAfter(step, count, delta)} asks "what if"
 * without committing anything. {@code epsilon(delta)} is the privacy spent; {@code ledger()} is a
 * {@link org.fl4j.privacy.accounting.PrivacyLedger} of (step, count) entries, plain numbers, written to a
 * checkpoint as they are or as {@code encode()} text and restored with {@code create(kind).replay(ledger)}.
 * {@link org.fl4j.privacy.accounting.NoiseCalibration#noiseMultiplier} finds the smallest noise multiplier
 * for a target epsilon, or throws {@link org.fl4j.privacy.accounting.UnreachableEpsilonException}.
 *
 * <p>RDP (Mironov, Talwar and Zhang 2019) is computed at dp-accounting's 156 default orders, integer orders
 * by the binomial sum and fractional ones by its two erfc-weighted series, and converted with the bound
 * dp-accounting uses (Canonne, Kamath and Steinke 2020, Prop. 12). PLD discretises each step's privacy loss
 * distribution pessimistically by connect-the-dots (Doroshenko et al. 2022) on a grid of 1e-4 (finer or
 * coarser only when the composed distribution would span fewer than 2^12 or more than 2^19 points), composes
 * identical steps by raising their FFT to the count's power within Chernoff bounds and different ones by FFT
 * convolution, and reads epsilon for delta off the larger of the two directions. Both reproduce
 * dp-accounting's values to at least five digits; PLD is never below the exact epsilon (checked against
 * closed forms and quadratures) and never above RDP.
 */
package org.fl4j.privacy.accounting;
