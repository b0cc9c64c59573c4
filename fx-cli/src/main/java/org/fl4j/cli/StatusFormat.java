package org.fl4j.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.fl4j.aggregator.ops.StatusJson;
import org.fl4j.protocol.v1.CollaboratorStatus;
import org.fl4j.protocol.v1.StatusReply;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The aggregator's status as a terminal table or as JSON. */
final class StatusFormat {

    enum Format { TEXT, JSON }

    /** {@code --format text|json}: anything else is a usage error. */
    static final class Formats implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "text" -> Format.TEXT;
                case "json" -> Format.JSON;
                default -> throw new TypeConversionException("expected text or json, found '" + value + "'");
            };
        }
    }

    private StatusFormat() {
    }

    static String text(StatusReply s) {
        StringBuilder b = new StringBuilder();
        Instant now = Instant.ofEpochMilli(s.getNowMs());
        b.append("Federation ").append(s.getFederationId()).append(" (aggregator ").append(s.getAggregator())
                .append(")\n");
        b.append("Round ").append(s.getRound()).append(" of ").append(s.getRoundsToTrain()).append(", phase ")
                .append(s.getPhase()).append(", ").append(s.getRoundsCompleted()).append(" rounds closed since start\n");
        if (s.getRoundStartedMs() > 0) {
            b.append("Round started ").append(ago(now, s.getRoundStartedMs())).append(" ago; estimated end: ")
                    .append(s.getEstimatedRoundEndMs() == 0 ? "unknown (nobody reported yet)"
                            : Instant.ofEpochMilli(s.getEstimatedRoundEndMs()) + end(now, s.getEstimatedRoundEndMs()))
                    .append('\n');
        }
        b.append(String.format(Locale.ROOT, "%n%-20s %-10s %-12s %12s %12s  %s%n", "COLLABORATOR", "STATE",
                "LAST CONTACT", "BYTES IN", "BYTES OUT", "TASKS (done / failed)"));
        for (CollaboratorStatus c : s.getCollaboratorsList()) {
            b.append(String.format(Locale.ROOT, "%-20s %-10s %-12s %12s %12s  %s%n", c.getName(), c.getState(),
                    c.getLastContactMs() == 0 ? "never" : ago(now, c.getLastContactMs()) + " ago",
                    Sizes.human(c.getBytesIn()), Sizes.human(c.getBytesOut()), tasks(c)));
            if (!c.getLastRefusal().isEmpty()) {
                b.append("    last refusal: ").append(c.getLastRefusal()).append('\n');
            }
        }
        if (!s.getAuditHead().isEmpty()) {
            b.append("\nAudit log head (SHA-256 of its last line): ").append(s.getAuditHead()).append('\n');
        }
        return b.toString();
    }

    private static String tasks(CollaboratorStatus c) {
        if (c.getTasksCount() == 0) {
            return "-";
        }
        return String.join(",", c.getTasksList()) + " (" + c.getDoneCount() + " / " + c.getFailedCount() + ")";
    }

    private static String end(Instant now, long endMs) {
        return endMs >= now.toEpochMilli() ? " (in " + ago(Instant.ofEpochMilli(endMs), now.toEpochMilli()) + ")"
                : " (" + ago(now, endMs) + " ago)";
    }

    /** The time from {@code thenMs} to {@code now}, as 42s, 3m07s or 2h05m. */
    static String ago(Instant now, long thenMs) {
        long s = Math.max(0, Duration.between(Instant.ofEpochMilli(thenMs), now).toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    static String json(StatusReply s) {
        return StatusJson.of(s) + "\n";
    }

    static StringBuilder quote(StringBuilder b, String s) {
        return StatusJson.quote(b, s);
    }
}
