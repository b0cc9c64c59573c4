package org.fl4j.aggregator.dashboard;

import java.util.List;
import java.util.Map;
import org.fl4j.aggregator.ops.StatusJson;

/**
 * The dashboard's metrics as JSON: {@code {"headline":"task/metric","rounds":[{"round":0,"aggregated":{...},
 * "collaborators":{"name":{...}}}]}}, values keyed {@code task/metric}; non-finite values are null.
 */
final class MetricsJson {

    private MetricsJson() {
    }

    static String of(String headline, List<RoundMetrics.Round> rounds) {
        StringBuilder b = new StringBuilder("{\"headline\":");
        StatusJson.quote(b, headline).append(",\"rounds\":[");
        for (int i = 0; i < rounds.size(); i++) {
            RoundMetrics.Round r = rounds.get(i);
            b.append(i == 0 ? "" : ",").append("{\"round\":").append(r.round()).append(",\"aggregated\":");
            values(b, r.aggregated()).append(",\"collaborators\":{");
            boolean first = true;
            for (Map.Entry<String, Map<String, Double>> c : r.collaborators().entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                StatusJson.quote(b, c.getKey()).append(':');
                values(b, c.getValue());
            }
            b.append("}}");
        }
        return b.append("]}").toString();
    }

    private static StringBuilder values(StringBuilder b, Map<String, Double> values) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            b.append(first ? "" : ",");
            first = false;
            StatusJson.quote(b, e.getKey()).append(':');
            double v = e.getValue();
            b.append(Double.isFinite(v) ? Double.toString(v) : "null");
        }
        return b.append('}');
    }
}
