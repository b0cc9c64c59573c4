package org.fl4j.plan;

import java.util.Objects;

/**
 * How the aggregator picks its best model: the metric {@code metric} reported by task {@code task} on the
 * aggregated model, better when higher ({@code higherIsBetter}) or lower (a loss).
 */
public record BestModelMetric(String task, String metric, boolean higherIsBetter) {

    public static final String DEFAULT_TASK = "aggregated_model_validation";
    public static final String DEFAULT_METRIC = "accuracy";

    public BestModelMetric {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metric, "metric");
    }

    /** True when {@code candidate} is better than {@code best}. */
    public boolean improves(double candidate, double best) {
        return higherIsBetter ? candidate > best : candidate < best;
    }
}
