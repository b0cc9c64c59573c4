package org.fl4j.plan;

import java.util.List;
import java.util.Objects;

/**
 * The {@code assigner} section: which tasks each collaborator runs in a round.
 * {@link RandomGrouped} splits the collaborators at random (seeded) into groups by percentage;
 * {@link StaticGrouped} names the collaborators of each group.
 */
public sealed interface Assigner permits Assigner.RandomGrouped, Assigner.StaticGrouped {

    String template();

    /** The task names of every group, in plan order. */
    List<String> taskNames();

    /** Which collaborators take part in a round; {@link Sampling#ALL} unless the plan samples them. */
    Sampling sampling();

    /** {@code fl4j.RandomGroupedAssigner}: percentages sum to 1. */
    record RandomGrouped(List<RandomGroup> taskGroups, Sampling sampling) implements Assigner {

        public static final String TEMPLATE = "fl4j.RandomGroupedAssigner";

        public RandomGrouped {
            taskGroups = List.copyOf(taskGroups);
            Objects.requireNonNull(sampling, "sampling");
        }

        /** Every collaborator takes part in every round. */
        public RandomGrouped(List<RandomGroup> taskGroups) {
            this(taskGroups, Sampling.ALL);
        }

        @Override
        public String template() {
            return TEMPLATE;
        }

        @Override
        public List<String> taskNames() {
            return taskGroups.stream().flatMap(g -> g.tasks().stream()).distinct().toList();
        }
    }

    /** {@code fl4j.StaticGroupedAssigner}: every collaborator in exactly one group. */
    record StaticGrouped(List<StaticGroup> taskGroups, Sampling sampling) implements Assigner {

        public static final String TEMPLATE = "fl4j.StaticGroupedAssigner";

        public StaticGrouped {
            taskGroups = List.copyOf(taskGroups);
            Objects.requireNonNull(sampling, "sampling");
        }

        /** Every collaborator takes part in every round. */
        public StaticGrouped(List<StaticGroup> taskGroups) {
            this(taskGroups, Sampling.ALL);
        }

        @Override
        public String template() {
            return TEMPLATE;
        }

        @Override
        public List<String> taskNames() {
            return taskGroups.stream().flatMap(g -> g.tasks().stream()).distinct().toList();
        }
    }

    /** A group of a random assignment: this fraction of the collaborators runs these tasks. */
    record RandomGroup(String name, double percentage, List<String> tasks) {
        public RandomGroup {
            Objects.requireNonNull(name, "name");
            tasks = List.copyOf(tasks);
        }
    }

    /** A group of a static assignment: these collaborators run these tasks. */
    record StaticGroup(String name, List<String> tasks, List<String> collaborators) {
        public StaticGroup {
            Objects.requireNonNull(name, "name");
            tasks = List.copyOf(tasks);
            collaborators = List.copyOf(collaborators);
        }
    }
}
