package org.fl4j.plan;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the {@code tasks} section. {@code function} is {@code train}, {@code validate} or the name
 * of a custom function a runner provides; {@code kwargs} are its arguments ({@code apply}, {@code metrics},
 * {@code epochs}, {@code batch_size} ...); {@code aggregationType} says how the collaborators' results of
 * this task are combined (default {@code WeightedAverage}, a sample-weighted FedAvg).
 */
public record TaskSpec(String name, String function, Settings kwargs, Component aggregationType) {

    public static final String TRAIN = "train";
    public static final String VALIDATE = "validate";
    public static final String DEFAULT_AGGREGATION = "WeightedAverage";

    /** Which model a validation runs on: the aggregated one received this round, or the locally trained. */
    public enum Apply {
        GLOBAL,
        LOCAL;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(kwargs, "kwargs");
        Objects.requireNonNull(aggregationType, "aggregationType");
    }

    public boolean isTrain() {
        return TRAIN.equals(function);
    }

    public boolean isValidate() {
        return VALIDATE.equals(function);
    }

    /** {@code kwargs.apply} (validated by the reader to be global or local when present). */
    public Optional<Apply> apply() {
        return kwargs.get("apply").map(v -> Apply.valueOf(String.valueOf(v).toUpperCase(Locale.ROOT)));
    }

    /** {@code kwargs.metrics} (validated by the reader to be a list of names). */
    public List<String> metrics() {
        return kwargs.getList("metrics").stream().map(String::valueOf).toList();
    }
}
