package org.fl4j.plan;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What this build of fl4j can run. Some plan settings read and check as settings (OpenFL plans carry them, the
 * plan reference documents them) while no part of the runtime honours every value they may take; each is listed
 * in {@link #LIMITS} with the values the runtime honours. A plan giving any other value is refused when it is
 * read, so by {@code fx plan print}, {@code freeze}, {@code initialize} and {@code workspace export} as much as
 * by a site's start, naming the setting at its file, line and column like every plan problem. When a later stage
 * learns to honour a setting, it removes the setting's line or adds the values it now honours.
 */
final class RuntimeSupport {

    /**
     * One setting the runtime honours only in part.
     *
     * @param path the setting's dotted path; a {@code *} segment stands for every key of its mapping
     * @param honoured the values the runtime honours (empty: none, the setting must be absent)
     * @param because what the runtime does instead, for the message
     */
    record Limit(String path, List<Object> honoured, String because) {
        Limit {
            Objects.requireNonNull(path, "path");
            honoured = List.copyOf(honoured);
            Objects.requireNonNull(because, "because");
        }
    }

    /** Every setting this build honours only in part. */
    static final List<Limit> LIMITS = List.of(
            new Limit("compression_pipeline.template", List.of(PlanReader.NO_COMPRESSION, CompressionSection.TEMPLATE),
                    "its compression stages are those of " + CompressionSection.TEMPLATE),
            new Limit("network.settings.tls", List.of(true),
                    "collaborators are identified by their client certificates, over mutual TLS"),
            new Limit("network.settings.require_client_auth", List.of(true),
                    "collaborators are identified by their client certificates, over mutual TLS"),
            new Limit("tasks.*.function", List.of(TaskSpec.TRAIN, TaskSpec.VALIDATE),
                    "task runners run train and validate tasks"));

    private RuntimeSupport() {
    }

    /** Reports every value of the merged plan {@code tree} that a limit does not honour. */
    static void check(YNode.YMap tree, Problems problems) {
        for (Limit limit : LIMITS) {
            check(tree, List.of(limit.path().split("\\.")), 0, "", limit, problems);
        }
    }

    private static void check(YNode node, List<String> parts, int i, String at, Limit limit, Problems problems) {
        if (i == parts.size()) {
            refuseUnless(node, at, limit, problems);
            return;
        }
        if (!(node instanceof YNode.YMap map)) {
            return;
        }
        String part = parts.get(i);
        for (String key : part.equals("*") ? map.entries().keySet() : List.of(part)) {
            YNode child = map.get(key);
            if (child != null) {
                check(child, parts, i + 1, at.isEmpty() ? key : at + "." + key, limit, problems);
            }
        }
    }

    /** A value of the type of the honoured ones (others are the readers' type errors) that is not among them. */
    private static void refuseUnless(YNode node, String at, Limit limit, Problems problems) {
        if (problems.hasAt(at)) {
            return;
        }
        if (limit.honoured().isEmpty()) {
            problems.add(node.origin(), at, at + " is not supported by this build of fl4j: " + limit.because()
                    + " (remove it)");
            return;
        }
        Object value = node instanceof YNode.YScalar s ? s.value() : null;
        if (value == null || limit.honoured().contains(value)
                || limit.honoured().stream().noneMatch(h -> h.getClass() == value.getClass())) {
            return;
        }
        String honoured = limit.honoured().stream().map(String::valueOf).collect(Collectors.joining(" or "));
        String found = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        problems.add(node.origin(), at, at + ": " + found + " is not supported by this build of fl4j: "
                + limit.because() + " (use " + honoured + ")");
    }
}
