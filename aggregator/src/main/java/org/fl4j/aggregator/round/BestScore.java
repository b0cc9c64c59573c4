package org.fl4j.aggregator.round;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.fl4j.aggregator.store.FederationStore;
import org.fl4j.plan.BestModelMetric;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.model.ModelWeights;

/**
 * The plan's best-model metric so far and the round of the model that scored it. A round whose score improves
 * on it (in the metric's direction) yields the model to save as the best one: the round's global model when
 * the metric is an {@code apply: global} validation (it measured that model), otherwise the new model.
 */
final class BestScore {

    private final BestModelMetric metric;
    private final boolean measuresGlobal;
    private OptionalDouble score = OptionalDouble.empty();
    private long round;

    BestScore(BestModelMetric metric, Map<String, TaskSpec> tasks) {
        this.metric = metric;
        TaskSpec spec = tasks.get(metric.task());
        this.measuresGlobal = spec != null && !spec.isTrain()
                && spec.apply().orElse(TaskSpec.Apply.GLOBAL) == TaskSpec.Apply.GLOBAL;
    }

    /** Takes the best score and its round from a checkpoint. */
    void restore(OptionalDouble savedScore, long savedRound) {
        score = savedScore;
        round = savedRound;
    }

    OptionalDouble score() {
        return score;
    }

    long round() {
        return round;
    }

    /**
     * The best model, if round {@code closed} improved the score.
     *
     * @param global the round's global model
     * @param next the model aggregated from it
     * @param means the round's weighted metric means by task
     */
    Optional<FederationStore.BestModel> improve(long closed, ModelWeights global, ModelWeights next,
            Map<String, Map<String, Double>> means) {
        Double value = means.getOrDefault(metric.task(), Map.of()).get(metric.metric());
        if (value == null || (score.isPresent() && !metric.improves(value, score.getAsDouble()))) {
            return Optional.empty();
        }
        score = OptionalDouble.of(value);
        round = measuresGlobal ? closed : closed + 1;
        return Optional.of(new FederationStore.BestModel(round, measuresGlobal ? global : next,
                metric.task() + "/" + metric.metric(), value));
    }
}
