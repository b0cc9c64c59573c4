package org.fl4j.aggregator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidateReportTest {

    @TempDir
    Path dir;

    @Test
    void write_candidateMetrics_tableAndRankingByAggregate() throws Exception {
        Map<String, Map<String, Double>> sites = Map.of(
                "one", Map.of("a/accuracy", 0.9, "a/loss", 0.3, "b/accuracy", 0.5, "b/loss", 1.0),
                "two", Map.of("a/accuracy", 0.6, "a/loss", 0.8, "b/accuracy", 0.95, "b/loss", 0.2));
        // two has three times one's samples: b wins on the weighted mean although a wins at one
        Map<String, Double> means = Map.of("a/accuracy", 0.675, "a/loss", 0.675, "b/accuracy", 0.8375, "b/loss",
                0.4);

        var ranked = CandidateReport.write(dir, 0, "aggregated_model_validation", new java.util.TreeMap<>(sites),
                Map.of("one", 100L, "two", 300L), new java.util.TreeMap<>(means), "accuracy", true);

        assertThat(ranked).containsExactly("b", "a");
        assertThat(Files.readAllLines(dir.resolve("candidates.csv"))).contains("site,samples,model,metric,value",
                "one,100,a,accuracy,0.9", "two,300,b,loss,0.2", "aggregate,400,b,accuracy,0.8375");
        String json = Files.readString(dir.resolve("candidates.json"));
        assertThat(json).startsWith("{\"round\":0,\"task\":\"aggregated_model_validation\",\"ranked_by\":\"accuracy\","
                + "\"models\":[{\"rank\":1,\"name\":\"b\",").contains("\"aggregate\":{\"accuracy\":0.8375,\"loss\":0.4}");
    }

    @Test
    void write_lowerIsBetter_ranksAscending() throws Exception {
        var ranked = CandidateReport.write(dir, 0, "t", Map.of(), Map.of(), Map.of("a/loss", 0.5, "b/loss", 0.1),
                "loss", false);
        assertThat(ranked).containsExactly("b", "a");
    }

    @Test
    void write_noCandidateMetrics_writesNothing() throws Exception {
        assertThat(CandidateReport.write(dir, 0, "t", Map.of(), Map.of(), Map.of("accuracy", 0.5), "accuracy", true))
                .isEmpty();
        assertThat(dir.resolve("candidates.csv")).doesNotExist();
    }
}
