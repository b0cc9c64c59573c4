package org.fl4j.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects the problems of one plan read, in the order found. */
final class Problems {

    private final List<PlanProblem> list = new ArrayList<>();

    void add(Origin where, String path, String message) {
        list.add(new PlanProblem(where.file(), where.line(), where.column(), path, message));
    }

    /** Whether a problem was already reported at {@code path}, so a later check need not repeat it. */
    boolean hasAt(String path) {
        return list.stream().anyMatch(p -> p.path().equals(path));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    /** The problems, each file's in line and column order, files in the order first reported. */
    List<PlanProblem> list() {
        Map<String, Integer> fileOrder = new HashMap<>();
        for (PlanProblem p : list) {
            fileOrder.putIfAbsent(p.file(), fileOrder.size());
        }
        List<PlanProblem> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt((PlanProblem p) -> fileOrder.get(p.file()))
                .thenComparingInt(PlanProblem::line).thenComparingInt(PlanProblem::column));
        return List.copyOf(sorted);
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new PlanException(list());
        }
    }
}
