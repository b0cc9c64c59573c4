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

    /**
     * The epsilon spent for the global model after {@code rounds} rounds of training, at the plan's delta, from
     * the train task's {@code epsilon} metrics (rounds in the metrics log count from 0: round r's training makes
     * the model after r + 1 rounds). Record level, where each site reports its own: the largest over the sites
     * of their latest value up to then (a site left out of a sampled round keeps what it had spent). Client
     * level, where only the aggregator reports it: the aggregator's after that round. Empty without differential
     * privacy or before any training.
     */
    public OptionalDouble epsilonAfter(long rounds) {
        List<Metric> spent = metrics.stream().filter(m -> m.task().equals("train") && m.metric().equals("epsilon")
                && m.round() < rounds).toList();
        List<Metric> sites = spent.stream().filter(m -> !m.aggregated()).toList();
        if (!sites.isEmpty()) {
            return sites.stream().mapToDouble(Metric::value).max();
        }
        return spent.stream().filter(m -> m.round() == rounds - 1).mapToDouble(Metric::value).max();
    }

    /** The aggregated value of {@code metric} of {@code task} in the last round that reported it. */
    public OptionalDouble last(String task, String metric) {
        List<Double> h = history(task, metric);
        return h.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(h.get(h.size() - 1));
    }
}
