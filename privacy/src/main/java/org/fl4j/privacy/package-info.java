/**
 * Differential privacy for fl4j: the foundation that DP-SGD at the sites (record level) and DP-FedAvg at the
 * aggregator (client level) build on. It depends on nothing of fl4j's and on no library beyond the JDK.
 *
 * <p>{@link org.fl4j.privacy.accounting} answers "how private is it?": accountants for the
 * Poisson-subsampled Gaussian mechanism (PLD, the default, and RDP) that reproduce Google's dp-accounting,
 * and the calibration of a noise multiplier to a target epsilon. {@link org.fl4j.privacy.noise} makes the
 * noise: Gaussian noise for float arrays on a power-of-two grid from an AES-CTR keystream keyed by
 * SecureRandom, and exact discrete Gaussian integers for noise added before secure aggregation.
 *
 * <p>How the runtimes are meant to use it (see docs/privacy.md):
 * <pre>{@code
 * // at start: the plan's target_epsilon over the planned steps, or its noise_multiplier
 * double z = NoiseCalibration.noiseMultiplier(AccountantKind.PLD, targetEpsilon, delta, q, plannedSteps);
 * PoissonGaussian step = new PoissonGaussian(q, z);
 * PrivacyAccountant spent = PrivacyAccountant.create(kind).replay(ledgerFromCheckpoint);
 * // before each round: refuse the round if it would pass the budget
 * if (spent.epsilonAfter(step, stepsThisRound, delta) > maxEpsilon) { stop the federation, naming max_epsilon }
 * // each step: noise of standard deviation z * clipNorm on the clipped sum (one SecureGaussian per thread)
 * noise.addNoise(sum, 0, sum.length, z * clipNorm);
 * // after the round: commit, report, checkpoint
 * spent = spent.compose(step, stepsThisRound);
 * metrics.put("epsilon", spent.epsilon(delta));
 * checkpoint.put("privacy_ledger", spent.ledger().encode());
 * }</pre>
 */
package org.fl4j.privacy;
