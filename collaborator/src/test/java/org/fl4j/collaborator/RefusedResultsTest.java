package org.fl4j.collaborator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fl4j.collaborator.ScriptedFederation.TASKS;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The collaborator loop after refusals (federation.proto, "Results and rounds"), through the real client and
 * service over the in-process transport, against a {@link ScriptedFederation} that hands out one round's
 * assignment, then says quit, and refuses what the test says (the real aggregator's refusals are tested in the
 * aggregator module and end to end).
 */
class RefusedResultsTest {

    private final ScriptedFederation federation = new ScriptedFederation();
    private final LogCapture log = new LogCapture(Collaborator.class.getName());

    @AfterEach
    void stop() throws InterruptedException {
        log.close();
        federation.close();
    }

    private String run(TasksOutcome.Assignment assignment) throws Exception {
        return federation.run(List.of(assignment), UnaryOperator.identity());
    }

    @Test
    void run_resendRefusedAsFailedThisRound_loggedNeverSentAgainAndTheRoundGoesOn() throws Exception {
        federation.aggregator.refusedEarlier.add("train");

        String reason = run(new TasksOutcome.Assignment(0, TASKS, Set.of()));

        assertThat(reason).isEqualTo("all rounds are done");
        assertThat(federation.aggregator.opened()).containsExactly("aggregated_model_validation", "train",
                "locally_tuned_model_validation");
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN Not sending train of round 0 again: the aggregator"
                + " refused SendTaskResults (FAILED_PRECONDITION): the result of train, round 0 from two was refused"
                + " earlier this round"));
    }

    @Test
    void run_assignmentListsTrainingAsFailed_notSentButReplayedForTheLocalValidation() throws Exception {
        String reason = run(new TasksOutcome.Assignment(0, TASKS, Set.of("aggregated_model_validation"),
                Set.of("train")));

        assertThat(reason).isEqualTo("all rounds are done");
        assertThat(federation.aggregator.opened()).containsExactly("locally_tuned_model_validation");
        assertThat(federation.runner.calls).containsExactly("setWeights", "train", "validate");
        assertThat(log.lines()).contains("WARN The aggregator refused the result of train, round 0 earlier: the task"
                + " failed for this round; not sending it again", "INFO Re-running train of round 0 locally: the"
                + " aggregator refused its result, a later task needs the locally trained model");
    }

    @Test
    void run_assignmentListsEveryTaskPendingAsFailed_nothingRunOrSent() throws Exception {
        String reason = run(new TasksOutcome.Assignment(0, TASKS, Set.of("aggregated_model_validation"),
                Set.of("train", "locally_tuned_model_validation")));

        assertThat(reason).isEqualTo("all rounds are done");
        assertThat(federation.aggregator.opened()).isEmpty();
        assertThat(federation.runner.calls).isEmpty();
    }
}
