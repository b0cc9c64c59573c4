package org.fl4j.plan;

import java.util.List;

/**
 * A plan that cannot be used, with every problem found (reading stops at the first file that cannot be
 * parsed, but all the others are checked). The message lists them one a line, each as
 * {@code file:line:column: message}.
 */
public final class PlanException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<PlanProblem> problems;

    public PlanException(List<PlanProblem> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PlanException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public PlanException(PlanProblem problem) {
        this(List.of(problem));
    }

    public List<PlanProblem> problems() {
        return problems;
    }

    private static String format(List<PlanProblem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        StringBuilder sb = new StringBuilder("the plan has " + problems.size() + " problems:");
        for (PlanProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }
}
