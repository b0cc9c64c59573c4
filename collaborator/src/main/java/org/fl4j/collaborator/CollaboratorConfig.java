package org.fl4j.collaborator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.fl4j.collaborator.spi.OptTreatment;
import org.fl4j.collaborator.upload.UploadCompression;
import org.fl4j.plan.Plan;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.WireLimits;

/**
 * Everything the collaborator loop runs from, taken from the plan by {@link #fromPlan}.
 *
 * @param route this collaborator's name, the aggregator's name and the federation id (message headers)
 * @param tasks the plan's tasks by name
 * @param optTreatment what the runner does with its optimizer state between rounds
 * @param limits chunk size and maximum model size on the wire
 * @param longPoll how long the aggregator may hold a task request
 * @param reconnectInterval the first wait before retrying a failed call
 * @param reconnectMax the longest wait between retries (exponential backoff with jitter up to it)
 * @param transferTimeout the longest a model download or a result upload may take
 * @param giveUpAfter how long the aggregator may stay unreachable before the collaborator stops
 * @param upload how training results travel: deltas, error feedback, the upload codec pipeline
 */
public record CollaboratorConfig(
        Route route,
        Map<String, TaskSpec> tasks,
        OptTreatment optTreatment,
        WireLimits limits,
        Duration longPoll,
        Duration reconnectInterval,
        Duration reconnectMax,
        Duration transferTimeout,
        Duration giveUpAfter,
        UploadCompression upload) {

    /** Default of {@link #giveUpAfter}. */
    public static final Duration GIVE_UP_AFTER = Duration.ofMinutes(30);
    /** Default of {@link #transferTimeout}. */
    public static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

    public CollaboratorConfig {
        Objects.requireNonNull(route, "route");
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        Objects.requireNonNull(optTreatment, "optTreatment");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(longPoll, "longPoll");
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(transferTimeout, "transferTimeout");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        Objects.requireNonNull(upload, "upload");
        if (reconnectInterval.isNegative() || reconnectInterval.isZero() || reconnectMax.compareTo(reconnectInterval) < 0) {
            throw new IllegalArgumentException("reconnect interval must be > 0 and <= its maximum, found "
                    + reconnectInterval + " and " + reconnectMax);
        }
    }

    /** A configuration that sends raw weights. */
    public CollaboratorConfig(Route route, Map<String, TaskSpec> tasks, OptTreatment optTreatment, WireLimits limits,
            Duration longPoll, Duration reconnectInterval, Duration reconnectMax, Duration transferTimeout,
            Duration giveUpAfter) {
        this(route, tasks, optTreatment, limits, longPoll, reconnectInterval, reconnectMax, transferTimeout,
                giveUpAfter, UploadCompression.NONE);
    }

    /**
     * The configuration of collaborator {@code name} from a plan read by {@code PlanReader}, which has refused
     * the settings this build cannot run (task functions other than train and validate). It reports to the root
     * aggregator, or to the intermediate aggregator of the plan's tree it sits under.
     */
    public static CollaboratorConfig fromPlan(Plan plan, String name) {
        var n = plan.network();
        return new CollaboratorConfig(new Route(name, plan.parentEndpoint(name).getKey(), plan.federationId()),
                plan.tasks(),
                OptTreatment.valueOf(plan.collaborator().optTreatment().name()),
                new WireLimits(n.chunkBytes(), n.maxModelBytes()), n.longPoll(), n.reconnectInterval(),
                n.reconnectBackoffMax(), TRANSFER_TIMEOUT, GIVE_UP_AFTER, UploadCompression.fromPlan(plan));
    }

    public String name() {
        return route.collaborator();
    }

    /** A copy that gives up after {@code duration} without reaching the aggregator. */
    public CollaboratorConfig withGiveUpAfter(Duration duration) {
        return new CollaboratorConfig(route, tasks, optTreatment, limits, longPoll, reconnectInterval, reconnectMax,
                transferTimeout, duration, upload);
    }

    /** A copy with other reconnect waits. */
    public CollaboratorConfig withReconnect(Duration interval, Duration max) {
        return new CollaboratorConfig(route, tasks, optTreatment, limits, longPoll, interval, max, transferTimeout,
                giveUpAfter, upload);
    }

    /** A copy that keeps its error-feedback residual in {@code workspace}'s save folder. */
    public CollaboratorConfig withResidualIn(java.nio.file.Path workspace) {
        return new CollaboratorConfig(route, tasks, optTreatment, limits, longPoll, reconnectInterval, reconnectMax,
                transferTimeout, giveUpAfter, upload.withResidualFile(workspace, name()));
    }
}
