package org.fl4j.aggregator.privacy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.plan.PrivacySettings;

/**
 * The aggregator's side of the plan's {@code privacy} section, the one hook the round machinery calls:
 * client-level DP-FedAvg around the strategy ({@link #wrap}), the privacy budget checked before each round
 * ({@link #budgetStop}; client level from the aggregator's accountant, record level from the sites'
 * {@code epsilon_next}), the metrics of each round ({@link #roundMetrics}), and the state kept in the
 * checkpoint ({@link #state}, {@link #restore}). With privacy off every call does nothing. Not thread-safe:
 * the federation's lock guards it.
 */
public final class AggregatorPrivacy {

    /** The journal of released models, beside the checkpoint. */
    public static final String JOURNAL = "privacy_ledger_aggregator.txt";

    private final Optional<ClientPrivacy> client;
    private final Optional<RecordBudget> record;

    private AggregatorPrivacy(Optional<ClientPrivacy> client, Optional<RecordBudget> record) {
        this.client = client;
        this.record = record;
    }

    /** Privacy off. */
    public static AggregatorPrivacy none() {
        return new AggregatorPrivacy(Optional.empty(), Optional.empty());
    }

    /**
     * The aggregator's privacy for {@code settings}.
     *
     * @param participants  how many collaborators train each round (the assigner's training group)
     * @param collaborators how many collaborators the plan has
     * @param saveDir       the folder of the checkpoint, where the journal of released models goes
     * @throws IllegalArgumentException a target epsilon no noise reaches in {@code rounds}, a budget that cannot
     *     pay for one round, an adaptive clipping count noise too small for the noise multiplier
     */
    public static AggregatorPrivacy of(PrivacySettings settings, String federation, int rounds, int participants,
            int collaborators, Path saveDir) {
        return of(settings, false, federation, rounds, participants, 1.0, collaborators, saveDir);
    }

    /**
     * As {@link #of(PrivacySettings, String, int, int, int, Path)}; {@code secureAggregation} says whether the
     * rounds run secure aggregation, which makes client level distributed: the sites clip and noise, the
     * aggregator divides the noisy sum and accounts. {@code samplingRate} is each collaborator's chance to join a
     * round under the assigner's secret Poisson sampling, 1 otherwise: client level accounts every round at it.
     */
    public static AggregatorPrivacy of(PrivacySettings settings, boolean secureAggregation, String federation,
            int rounds, int participants, double samplingRate, int collaborators, Path saveDir) {
        return switch (settings.level()) {
            case NONE -> none();
            case RECORD -> new AggregatorPrivacy(Optional.empty(), settings.maxEpsilon().isPresent()
                    ? Optional.of(new RecordBudget(settings.maxEpsilon().getAsDouble())) : Optional.empty());
            case CLIENT -> {
                ClientPrivacy c = new ClientPrivacy(settings, federation, rounds, participants, samplingRate,
                        collaborators, secureAggregation, saveDir.resolve(JOURNAL));
                c.checkStart();
                yield new AggregatorPrivacy(Optional.of(c), Optional.empty());
            }
        };
    }

    /** The strategy the rounds run: DP-FedAvg around {@code strategy} at client level, else itself. */
    public AggregationStrategy wrap(AggregationStrategy strategy) {
        return client.<AggregationStrategy>map(c -> c.distributed() ? new DistributedDpFedAvg(strategy, c)
                : new DpFedAvg(strategy, c)).orElse(strategy);
    }

    /**
     * Restores what the checkpoint kept (an empty map for a new federation), before round {@code nextRound}.
     *
     * @throws IOException when the journal of released models cannot be read or holds less than the checkpoint
     */
    public void restore(Map<String, String> stageState, long nextRound) throws IOException {
        if (client.isPresent()) {
            client.get().restore(stageState, nextRound);
        }
        record.ifPresent(r -> r.restore(stageState));
    }

    /** What goes into the checkpoint. */
    public Map<String, String> state() {
        Map<String, String> out = new LinkedHashMap<>();
        client.ifPresent(c -> out.putAll(c.state()));
        record.ifPresent(r -> out.putAll(r.state()));
        return out;
    }

    /** A round begins. */
    public void beginRound(long round) {
        client.ifPresent(c -> c.beginRound(round));
    }

    /** A collaborator's result arrived with these metrics. */
    public void observe(String collaborator, Map<String, Double> metrics) {
        record.ifPresent(r -> r.observe(collaborator, metrics));
    }

    /** Why round {@code round} must not start (a privacy budget), or empty. */
    public Optional<String> budgetStop(long round) {
        Optional<String> stop = client.flatMap(c -> c.budgetStop(round));
        return stop.isPresent() ? stop : record.flatMap(r -> r.budgetStop(round));
    }

    /** The aggregator's privacy metrics of the round just aggregated (epsilon, clip_norm ...), once. */
    public Map<String, Double> roundMetrics() {
        return client.map(ClientPrivacy::takeMetrics).orElse(Map.of());
    }
}
