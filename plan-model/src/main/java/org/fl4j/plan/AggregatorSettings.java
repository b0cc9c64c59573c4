package org.fl4j.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code aggregator} section. Paths are relative to the workspace. The round-0 model is read from
 * {@code initStatePath}; the best and the last aggregated models are written to {@code bestStatePath} and
 * {@code lastStatePath}; the per-round checkpoint (model, round, optimizer state, best score, metrics) goes
 * to {@code checkpointPath}.
 *
 * @param dbStoreRounds rounds of metrics and tensors kept in memory for reporting
 * @param writeLogs whether per-round metrics are written under {@code logs/}
 * @param quitGraceSeconds how long the aggregator keeps answering after the last round so collaborators
 *     learn that the federation is over
 * @param seed seed for everything random in the federation (assignment, shuffles, initial weights)
 * @param maxConcurrentUploads how many model updates the aggregator receives at the same time (each takes a
 *     model-sized staging buffer); further uploads wait under flow control until one is done
 * @param updateStaging where updates are kept while they arrive: heap buffers or files
 * @param secureAggregation whether sites mask their updates (secure aggregation) and with which parameters
 * @param metricsPort the port of the Prometheus {@code /metrics} endpoint, 0 for none
 * @param metricsAddress the address that endpoint binds to (localhost unless configured)
 * @param dashboardPort the port of the HTTPS dashboard, 0 for none
 * @param dashboardAddress the address the dashboard binds to (localhost unless configured)
 * @param dashboardAccess who may read the dashboard: {@code localhost} (this machine, or an operator
 *     certificate) or {@code operator} (an operator certificate, from any address)
 */
public record AggregatorSettings(
        String template,
        Path initStatePath,
        Path bestStatePath,
        Path lastStatePath,
        int roundsToTrain,
        int dbStoreRounds,
        boolean writeLogs,
        BestModelMetric bestModelMetric,
        Path checkpointPath,
        int quitGraceSeconds,
        long seed,
        int maxConcurrentUploads,
        UpdateStaging updateStaging,
        SecureAggregationSettings secureAggregation,
        int metricsPort,
        String metricsAddress,
        int dashboardPort,
        String dashboardAddress,
        String dashboardAccess) {

    public static final String TEMPLATE = "fl4j.Aggregator";
    public static final int DEFAULT_CONCURRENT_UPLOADS = 2;
    public static final String DEFAULT_METRICS_ADDRESS = "127.0.0.1";
    public static final String DEFAULT_DASHBOARD_ADDRESS = "127.0.0.1";
    /** The values of {@code dashboard_access}; the first is the default. */
    public static final java.util.List<String> DASHBOARD_ACCESS = java.util.List.of("localhost", "operator");

    public AggregatorSettings {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(initStatePath, "initStatePath");
        Objects.requireNonNull(bestStatePath, "bestStatePath");
        Objects.requireNonNull(lastStatePath, "lastStatePath");
        Objects.requireNonNull(bestModelMetric, "bestModelMetric");
        Objects.requireNonNull(checkpointPath, "checkpointPath");
        Objects.requireNonNull(updateStaging, "updateStaging");
        Objects.requireNonNull(secureAggregation, "secureAggregation");
        Objects.requireNonNull(metricsAddress, "metricsAddress");
        Objects.requireNonNull(dashboardAddress, "dashboardAddress");
        if (!DASHBOARD_ACCESS.contains(dashboardAccess)) {
            throw new IllegalArgumentException("dashboardAccess must be one of " + DASHBOARD_ACCESS + ", found "
                    + dashboardAccess);
        }
        if (roundsToTrain < 1) {
            throw new IllegalArgumentException("roundsToTrain must be > 0, found " + roundsToTrain);
        }
        if (maxConcurrentUploads < 1) {
            throw new IllegalArgumentException("maxConcurrentUploads must be > 0, found " + maxConcurrentUploads);
        }
    }

    public Duration quitGrace() {
        return Duration.ofSeconds(quitGraceSeconds);
    }
}
