package org.fl4j.aggregator.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fl4j.plan.Assigner;
import org.junit.jupiter.api.Test;

class TaskAssignerTest {

    private static final List<String> COLS = List.of("a", "b", "c", "d", "e");

    private final TaskAssigner halves = TaskAssigner.of(new Assigner.RandomGrouped(List.of(
            new Assigner.RandomGroup("validation_only", 0.4, List.of("aggregated_model_validation")),
            new Assigner.RandomGroup("train_and_validate", 0.6, List.of("aggregated_model_validation", "train")))),
            42);

    @Test
    void randomGrouped_percentages_groupSizesRounded() {
        Map<String, List<String>> a = halves.assign(0, COLS);

        assertThat(a).hasSize(5);
        assertThat(a.values().stream().filter(t -> t.contains("train")).count()).isEqualTo(3);
    }

    @Test
    void randomGrouped_sameSeedAndRound_sameAssignment() {
        assertThat(halves.assign(3, COLS)).isEqualTo(halves.assign(3, List.of("e", "d", "c", "b", "a")));
    }

    @Test
    void randomGrouped_differentRounds_reshuffle() {
        boolean differs = false;
        for (int r = 1; r < 10; r++) {
            differs |= !halves.assign(r, COLS).equals(halves.assign(0, COLS));
        }
        assertThat(differs).isTrue();
    }

    @Test
    void staticGrouped_namedCollaborators_getTheirGroupsTasks() {
        TaskAssigner s = TaskAssigner.of(new Assigner.StaticGrouped(List.of(
                new Assigner.StaticGroup("trainers", List.of("train"), List.of("a", "b")),
                new Assigner.StaticGroup("checkers", List.of("aggregated_model_validation"), List.of("c")))), 0);

        assertThat(s.assign(0, List.of("a", "b", "c"))).isEqualTo(Map.of("a", List.of("train"), "b",
                List.of("train"), "c", List.of("aggregated_model_validation")));
    }
}
