package org.fl4j.dl4j.experiment;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.fl4j.dl4j.Network;
import org.fl4j.protocol.model.SavedModel;

/**
 * What an experiment produced: the last and the best global model (fl4j model files' contents), the final
 * model as a DL4J network ready to use, and the metrics history of every round.
 *
 * @param lastModel the global model after the last round
 * @param bestModel the global model with the best value of the plan's best-model metric
 * @param network a DL4J network holding {@code lastModel}'s weights
 * @param metrics every metric the aggregator logged, in order
 */
public record ExperimentResult(SavedModel lastModel, SavedModel bestModel, Network network, List<Metric> metrics) {

    public ExperimentResult {
        Objects.requireNonNull(lastModel, "lastModel");
        Objects.requireNonNull(network, "network");
        metrics = List.copyOf(metrics);
    }

    /** The aggregated value of {@code metric} of {@code task} in each round, in round order. */
    public List<Double> history(String task, String metric) {
        return metrics.stream().filter(m -> m.aggregated() && m.task().equals(task) && m.metric().equals(metric))
                .sorted(java.util.Comparator.comparingLong(Metric::round)).map(Metric::value).toList();
    }

    /** The aggregated value of {@code metric} of {@code task} in the last round that reported it. */
    public OptionalDouble last(String task, String metric) {
        List<Double> h = history(task, metric);
        return h.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(h.get(h.size() - 1));
    }
}
