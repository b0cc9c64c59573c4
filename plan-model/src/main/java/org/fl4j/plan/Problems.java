package org.fl4j.plan;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one plan read, in the order found. */
final class Problems {

    private final List<PlanProblem> list = new ArrayList<>();

    void add(Origin where, String path, String message) {
        list.add(new PlanProblem(where.file(), where.line(), where.column(), path, message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    List<PlanProblem> list() {
        return List.copyOf(list);
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new PlanException(list);
        }
    }
}
