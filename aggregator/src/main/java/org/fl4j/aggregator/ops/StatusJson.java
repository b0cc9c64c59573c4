package org.fl4j.aggregator.ops;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.fl4j.protocol.v1.CollaboratorStatus;
import org.fl4j.protocol.v1.StatusReply;

/**
 * The operator's status as one JSON object (what {@code fx aggregator status --format json} prints and the
 * dashboard reads): times as ISO-8601 instants or null, sizes in bytes.
 */
public final class StatusJson {

    private StatusJson() {
    }

    /** {@code s} as a JSON object, without a trailing newline. */
    public static String of(StatusReply s) {
        StringBuilder b = new StringBuilder("{");
        field(b, "federation_id", s.getFederationId()).append(',');
        field(b, "aggregator", s.getAggregator()).append(',');
        b.append("\"round\":").append(s.getRound()).append(",\"rounds_to_train\":").append(s.getRoundsToTrain())
                .append(",\"rounds_completed\":").append(s.getRoundsCompleted()).append(',');
        field(b, "phase", s.getPhase()).append(',');
        time(b, "now", s.getNowMs()).append(',');
        time(b, "round_started", s.getRoundStartedMs()).append(',');
        time(b, "estimated_round_end", s.getEstimatedRoundEndMs()).append(',');
        field(b, "audit_head", s.getAuditHead().isEmpty() ? null : s.getAuditHead()).append(",\"collaborators\":[");
        for (int i = 0; i < s.getCollaboratorsCount(); i++) {
            CollaboratorStatus c = s.getCollaborators(i);
            b.append(i == 0 ? "{" : ",{");
            field(b, "name", c.getName()).append(',');
            field(b, "state", c.getState()).append(',');
            time(b, "last_contact", c.getLastContactMs()).append(",\"seconds_since_contact\":")
                    .append(c.getLastContactMs() == 0 ? "null"
                            : String.valueOf((s.getNowMs() - c.getLastContactMs()) / 1000.0))
                    .append(",\"bytes_in\":").append(c.getBytesIn()).append(",\"bytes_out\":").append(c.getBytesOut())
                    .append(',');
            list(b, "tasks", c.getTasksList()).append(',');
            list(b, "done", c.getDoneList()).append(',');
            list(b, "failed", c.getFailedList()).append(',');
            field(b, "last_refusal", c.getLastRefusal().isEmpty() ? null : c.getLastRefusal()).append('}');
        }
        return b.append("]}").toString();
    }

    private static StringBuilder time(StringBuilder b, String name, long ms) {
        return field(b, name, ms == 0 ? null : Instant.ofEpochMilli(ms).toString());
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        return value == null ? b.append("null") : quote(b, value);
    }

    private static StringBuilder list(StringBuilder b, String name, List<String> values) {
        b.append('"').append(name).append("\":[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            quote(b, values.get(i));
        }
        return b.append(']');
    }

    /** Appends {@code s} as a JSON string literal. */
    public static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"');
    }
}
