package org.fl4j.dl4j.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Reads the aggregator's {@code logs/metrics.jsonl}. */
final class MetricsLogReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsLogReader() {
    }

    static List<Metric> read(Path file) throws IOException {
        List<Metric> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        int line = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(text);
                out.add(new Metric(n.get("round").asLong(), n.get("origin").asText(), n.get("task").asText(),
                        n.get("metric").asText(), n.get("value").asDouble()));
            } catch (IOException | NullPointerException e) {
                throw new IOException(file + ":" + line + ": not a metrics line: " + text, e);
            }
        }
        return out;
    }
}
