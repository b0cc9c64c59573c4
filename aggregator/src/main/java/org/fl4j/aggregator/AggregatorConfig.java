package org.fl4j.aggregator;

import org.fl4j.protocol.codec.Pipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fl4j.plan.AggregatorTree;
import org.fl4j.plan.Assigner;
import org.fl4j.plan.Component;
import org.fl4j.plan.Settings;
import org.fl4j.plan.BestModelMetric;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PrivacySettings;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.plan.TaskSpec;
import org.fl4j.plan.UpdateStaging;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * Everything the aggregator runs from, taken from the plan by {@link #fromPlan}.
 *
 * @param name the aggregator's name: the host name collaborators connect to (its certificate's CN)
 * @param federationId the id every message header must carry
 * @param collaborators the collaborators of cols.yaml: the only identities admitted
 * @param roundsToTrain how many rounds to run
 * @param assigner which tasks each collaborator runs in a round
 * @param tasks the plan's tasks by name
 * @param straggler when a round may close before every collaborator has reported
 * @param bestModelMetric which aggregated metric picks the best model, and in which direction
 * @param paths where models, checkpoint and metrics go
 * @param limits chunk size and maximum model size on the wire
 * @param longPoll how long a task request is held when there is nothing to hand out
 * @param quitGrace how long the aggregator keeps telling collaborators to quit after the last round
 * @param seed seed of the random task assignment
 * @param provenance recorded in every model file written (plan hash, federation id ...)
 * @param maxConcurrentUploads model updates received at the same time; more wait under flow control
 * @param updateStaging where updates are kept while they arrive (heap buffers, or files in the save folder)
 * @param updatePath the stages updates and models pass through: differential privacy, secure aggregation and
 *                   the download codec pipeline
 */
public record AggregatorConfig(
        String name,
        String federationId,
        List<String> collaborators,
        int roundsToTrain,
        Assigner assigner,
        Map<String, TaskSpec> tasks,
        StragglerPolicy straggler,
        BestModelMetric bestModelMetric,
        StatePaths paths,
        WireLimits limits,
        Duration longPoll,
        Duration quitGrace,
        long seed,
        Map<String, String> provenance,
        int maxConcurrentUploads,
        UpdateStaging updateStaging,
        UpdatePath updatePath) {

    /**
     * The stages of the update path this aggregator runs, each off by default.
     *
     * @param privacy           the plan's privacy section: client-level DP-FedAvg and the privacy budget
     * @param secureAggregation whether the sites mask their updates (secure aggregation), and its parameters
     * @param download          the codec pipeline global models travel through to the sites, null for raw float32
     * @param downloadDeltaRounds how many past rounds' global models are kept to send a site the differences to
     *                          the one it holds (0: whole models only)
     */
    public record UpdatePath(PrivacySettings privacy, SecureAggregationSettings secureAggregation,
            Pipeline download, int downloadDeltaRounds) {

        /** No stage: no differential privacy, updates in clear, raw float32 models. */
        public static final UpdatePath PLAIN = new UpdatePath(PrivacySettings.none(),
                SecureAggregationSettings.disabled(), null, 0);

        public UpdatePath {
            Objects.requireNonNull(privacy, "privacy");
            Objects.requireNonNull(secureAggregation, "secureAggregation");
            if (downloadDeltaRounds < 0) {
                throw new IllegalArgumentException("downloadDeltaRounds must be >= 0, found " + downloadDeltaRounds);
            }
        }

        public UpdatePath withPrivacy(PrivacySettings p) {
            return new UpdatePath(p, secureAggregation, download, downloadDeltaRounds);
        }

        public UpdatePath withSecureAggregation(SecureAggregationSettings s) {
            return new UpdatePath(privacy, s, download, downloadDeltaRounds);
        }

        /** Models go through {@code pipeline} (null: raw), as deltas to one of the last {@code rounds} rounds. */
        public UpdatePath withDownload(Pipeline pipeline, int rounds) {
            return new UpdatePath(privacy, secureAggregation, pipeline, rounds);
        }
    }

    /**
     * Files of the aggregator, absolute.
     *
     * @param initModel the round-0 model, read at the first start
     * @param bestModel written when the best-model metric improves
     * @param lastModel written after every round
     * @param checkpoint written atomically after every round; a restart resumes from it
     * @param metricsLog {@code logs/metrics.jsonl}, or null when the plan says {@code write_logs: false}
     */
    public record StatePaths(Path initModel, Path bestModel, Path lastModel, Path checkpoint, Path metricsLog) {
        public StatePaths {
            Objects.requireNonNull(initModel, "initModel");
            Objects.requireNonNull(bestModel, "bestModel");
            Objects.requireNonNull(lastModel, "lastModel");
            Objects.requireNonNull(checkpoint, "checkpoint");
        }

        /** The same paths without a metrics log ({@code aggregator.settings.write_logs: false}). */
        public StatePaths withoutMetricsLog() {
            return new StatePaths(initModel, bestModel, lastModel, checkpoint, null);
        }

        /** The usual layout under a workspace, with the plan's model paths relative to it. */
        public static StatePaths in(Path workspace, Path init, Path best, Path last, Path checkpoint) {
            Path ws = workspace.toAbsolutePath().normalize();
            return new StatePaths(ws.resolve(init), ws.resolve(best), ws.resolve(last), ws.resolve(checkpoint),
                    ws.resolve("logs").resolve("metrics.jsonl"));
        }
    }

    /** A configuration without any update-path stage. */
    public AggregatorConfig(String name, String federationId, List<String> collaborators, int roundsToTrain,
            Assigner assigner, Map<String, TaskSpec> tasks, StragglerPolicy straggler, BestModelMetric bestModelMetric,
            StatePaths paths, WireLimits limits, Duration longPoll, Duration quitGrace, long seed,
            Map<String, String> provenance, int maxConcurrentUploads, UpdateStaging updateStaging) {
        this(name, federationId, collaborators, roundsToTrain, assigner, tasks, straggler, bestModelMetric, paths,
                limits, longPoll, quitGrace, seed, provenance, maxConcurrentUploads, updateStaging, UpdatePath.PLAIN);
    }

    public AggregatorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(federationId, "federationId");
        collaborators = List.copyOf(collaborators);
        Objects.requireNonNull(assigner, "assigner");
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        Objects.requireNonNull(straggler, "straggler");
        Objects.requireNonNull(bestModelMetric, "bestModelMetric");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(longPoll, "longPoll");
        Objects.requireNonNull(quitGrace, "quitGrace");
        Objects.requireNonNull(updateStaging, "updateStaging");
        Objects.requireNonNull(updatePath, "updatePath");
        provenance = Map.copyOf(provenance);
        if (roundsToTrain < 1) {
            throw new IllegalArgumentException("rounds to train must be > 0, found " + roundsToTrain);
        }
        if (maxConcurrentUploads < 1) {
            throw new IllegalArgumentException("max concurrent uploads must be > 0, found " + maxConcurrentUploads);
        }
        if (collaborators.isEmpty()) {
            throw new IllegalArgumentException("no collaborators: plan/cols.yaml lists none (certify and register"
                    + " collaborators first)");
        }
        for (String task : assigner.taskNames()) {
            if (!tasks.containsKey(task)) {
                throw new IllegalArgumentException("the assigner names task '" + task + "', which the plan does not"
                        + " define");
            }
        }
    }

    /**
     * The aggregator's configuration from a plan read in {@code workspace} by {@code PlanReader}, which has
     * refused the settings this build cannot run (TLS off, no client authentication).
     */
    public static AggregatorConfig fromPlan(Plan plan, Path workspace) {
        return fromPlan(plan, workspace, plan.aggregatorAddress(),
                plan.tree().childrenOf(AggregatorTree.ROOT, plan.collaborators()));
    }

    private static AggregatorConfig fromPlan(Plan plan, Path workspace, String name, List<String> admitted) {
        var a = plan.aggregator();
        var n = plan.network();
        StatePaths paths = StatePaths.in(workspace, a.initStatePath(), a.bestStatePath(), a.lastStatePath(),
                a.checkpointPath());
        if (!a.writeLogs()) {
            paths = paths.withoutMetricsLog();
        }
        Map<String, String> provenance = Map.of("plan_hash", plan.hash(), "federation_id", plan.federationId(),
                "seed", Long.toString(a.seed()));
        return new AggregatorConfig(name, plan.federationId(), admitted, a.roundsToTrain(), plan.assigner(), plan.tasks(), plan.stragglerHandlingPolicy(), a.bestModelMetric(),
                paths, new WireLimits(n.chunkBytes(), n.maxModelBytes()), n.longPoll(), a.quitGrace(), a.seed(),
                provenance, a.maxConcurrentUploads(), a.updateStaging(), new UpdatePath(plan.privacy(),
                        a.secureAggregation(), plan.compression().download().isEmpty() ? null
                                : Pipeline.of(plan.compression().download().stream()
                                        .map(s -> new Pipeline.StageSpec(s.name(), s.params())).toList()),
                        plan.compression().downloadDeltaRounds()));
    }

    /**
     * The configuration of intermediate aggregator {@code node} of the plan's {@code network.settings.tree}, run
     * in {@code workspace}: named by its address, it admits its children, runs every train task as a plain
     * weighted average (the root applies the plan's strategy to the subtrees' averages), closes rounds by the
     * node's own cutoff when it has one, and sends models to its children as the plan says; no privacy stage (the
     * plan refuses client level with a tree; record level runs at the sites).
     *
     * @throws IllegalArgumentException when the tree has no such node
     */
    public static AggregatorConfig forIntermediate(Plan plan, Path workspace, String node) {
        return forIntermediate(plan, workspace, node, plan.tree().node(node).isPresent()
                ? plan.tree().childrenOf(node, plan.collaborators()) : List.of());
    }

    /**
     * As {@link #forIntermediate(Plan, Path, String)}, admitting {@code children} (a simulation slice's virtual
     * sites, say) instead of those the tree gives it.
     *
     * @throws IllegalArgumentException when the tree has no such node, or there are no children
     */
    public static AggregatorConfig forIntermediate(Plan plan, Path workspace, String node, List<String> children) {
        AggregatorTree.Node hub = plan.tree().node(node).orElseThrow(() -> new IllegalArgumentException("'" + node
                + "' is not an intermediate aggregator of network.settings.tree" + (plan.tree().isFlat()
                        ? " (the plan has no tree)" : " (it has " + String.join(", ", plan.tree().nodes().keySet())
                                + ")")));
        if (children.isEmpty()) {
            throw new IllegalArgumentException("intermediate aggregator " + node + " has no children in"
                    + " network.settings.tree: list its collaborators, or name it as another node's parent (a node"
                    + " without children is for fx simulate --intermediate " + node + ", whose virtual sites are its"
                    + " children)");
        }
        AggregatorConfig root = fromPlan(plan, workspace, hub.address(), children);
        Map<String, TaskSpec> tasks = new LinkedHashMap<>();
        plan.tasks().forEach((name, t) -> tasks.put(name, t.isTrain() ? new TaskSpec(t.name(), t.function(),
                t.kwargs(), new Component(TaskSpec.DEFAULT_AGGREGATION, Settings.empty())) : t));
        StragglerPolicy straggler = hub.stragglerCutoffSeconds().isPresent()
                ? new StragglerPolicy.CutoffTime(hub.stragglerCutoffSeconds().getAsDouble(), 1)
                : plan.stragglerHandlingPolicy();
        Assigner assigner = plan.assigner() instanceof Assigner.RandomGrouped r
                ? new Assigner.RandomGrouped(r.taskGroups()) : plan.assigner();
        Map<String, String> provenance = new LinkedHashMap<>(root.provenance());
        provenance.put("intermediate_aggregator", node);
        return new AggregatorConfig(root.name(), root.federationId(), children, root.roundsToTrain(), assigner,
                tasks, straggler, root.bestModelMetric(), root.paths(), root.limits(), root.longPoll(), root.quitGrace(), root.seed(), provenance,
                root.maxConcurrentUploads(), root.updateStaging(), new UpdatePath(PrivacySettings.none(),
                        SecureAggregationSettings.disabled(), root.updatePath().download(),
                        root.updatePath().downloadDeltaRounds()));
    }

    /** A copy with other update-path stages. */
    public AggregatorConfig withUpdatePath(UpdatePath newPath) {
        return new AggregatorConfig(name, federationId, collaborators, roundsToTrain, assigner, tasks, straggler,
                bestModelMetric, paths, limits, longPoll, quitGrace, seed, provenance, maxConcurrentUploads,
                updateStaging, newPath);
    }

    /** A copy with other state paths (tests). */
    public AggregatorConfig withPaths(StatePaths newPaths) {
        return new AggregatorConfig(name, federationId, collaborators, roundsToTrain, assigner, tasks, straggler,
                bestModelMetric, newPaths, limits, longPoll, quitGrace, seed, provenance, maxConcurrentUploads,
                updateStaging, updatePath);
    }
}
