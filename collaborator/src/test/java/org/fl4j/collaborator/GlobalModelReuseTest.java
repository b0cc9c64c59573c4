package org.fl4j.collaborator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fl4j.collaborator.ScriptedFederation.TASKS;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a collaborator tells the aggregator it holds when it asks for the next round's model: the previous
 * round's global model (so the aggregator may send differences), unless it dropped that model between rounds
 * as a simulation's virtual sites do.
 */
class GlobalModelReuseTest {

    private final ScriptedFederation federation = new ScriptedFederation();

    @AfterEach
    void stop() throws InterruptedException {
        federation.close();
    }

    private static List<TasksOutcome.Assignment> rounds(long... rounds) {
        return java.util.Arrays.stream(rounds).mapToObj(r -> new TasksOutcome.Assignment(r, TASKS, Set.of()))
                .toList();
    }

    @Test
    void run_keepsTheGlobalModel_secondDownloadSaysWhichRoundItHolds() throws Exception {
        String reason = federation.run(rounds(0, 1, 2), UnaryOperator.identity());

        assertThat(reason).isEqualTo("all rounds are done");
        assertThat(federation.aggregator.downloads()).containsExactly("round 0", "round 1", "round 1 holding 0",
                "round 2", "round 2 holding 1");
    }

    @Test
    void run_forgetsTheGlobalModelBetweenRounds_laterRoundsDownloadTheWholeModel() throws Exception {
        String reason = federation.run(rounds(0, 1, 2), Collaborator::forgetGlobalBetweenRounds);

        assertThat(reason).isEqualTo("all rounds are done");
        assertThat(federation.aggregator.downloads()).containsExactly("round 0", "round 1", "round 2");
        assertThat(federation.runner.calls).filteredOn("train"::equals).hasSize(3);
    }
}
