/**
 * The built-in strategies: FedAvg ({@code WeightedAverage}), the server optimisers of Reddi et al. (2020) and
 * server momentum, and the Byzantine-robust statistics (coordinate-wise median, trimmed mean, Krum, geometric
 * median), plus norm clipping that wraps any of them. Each registers a
 * {@link org.fl4j.aggregation.StrategyProvider} under its plan name.
 */
package org.fl4j.aggregation.strategy;
