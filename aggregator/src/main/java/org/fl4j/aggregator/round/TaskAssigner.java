package org.fl4j.aggregator.round;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fl4j.plan.Assigner;

/**
 * Decides each collaborator's tasks in a round. The random assignment is seeded by the plan's seed and the
 * round number, so a restarted aggregator hands out the same tasks as before.
 */
interface TaskAssigner {

    /** Tasks of each collaborator in {@code round}, in the order they run; collaborators with none are absent. */
    Map<String, List<String>> assign(long round, List<String> collaborators);

    /** The plan's assignment among the collaborators {@code sampler} chooses for each round. */
    static TaskAssigner of(Assigner plan, long seed, ClientSampler sampler) {
        if (plan instanceof Assigner.RandomGrouped r) {
            return (round, collaborators) -> randomGrouped(r, seed, round, sampler.select(round, collaborators));
        }
        Assigner.StaticGrouped s = (Assigner.StaticGrouped) plan;
        return (round, collaborators) -> staticGrouped(s, sampler.select(round, collaborators));
    }

    static TaskAssigner of(Assigner plan, long seed) {
        return of(plan, seed, new ClientSampler(plan.sampling(), seed));
    }

    /**
     * Shuffles the collaborators (seeded) and cuts them into groups of the plan's percentages, rounded to the
     * nearest whole collaborator; the last group takes the rest.
     */
    static Map<String, List<String>> randomGrouped(Assigner.RandomGrouped plan, long seed, long round,
            List<String> collaborators) {
        List<String> order = new ArrayList<>(collaborators);
        Collections.sort(order);
        Collections.shuffle(order, new Random(seed * 0x9E3779B97F4A7C15L + round));
        Map<String, List<String>> out = new LinkedHashMap<>();
        int n = order.size();
        int from = 0;
        List<Assigner.RandomGroup> groups = plan.taskGroups();
        for (int g = 0; g < groups.size(); g++) {
            int size = g == groups.size() - 1 ? n - from
                    : (int) Math.min(n - from, Math.round(groups.get(g).percentage() * n));
            for (String c : order.subList(from, from + size)) {
                if (!groups.get(g).tasks().isEmpty()) {
                    out.put(c, groups.get(g).tasks());
                }
            }
            from += size;
        }
        return sorted(out);
    }

    static Map<String, List<String>> staticGrouped(Assigner.StaticGrouped plan, List<String> collaborators) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Assigner.StaticGroup g : plan.taskGroups()) {
            for (String c : g.collaborators()) {
                if (collaborators.contains(c) && !g.tasks().isEmpty()) {
                    out.putIfAbsent(c, g.tasks());
                }
            }
        }
        return sorted(out);
    }

    private static Map<String, List<String>> sorted(Map<String, List<String>> in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        in.keySet().stream().sorted().forEach(k -> out.put(k, List.copyOf(in.get(k))));
        return Collections.unmodifiableMap(out);
    }
}
