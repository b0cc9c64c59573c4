package org.fl4j.aggregator.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fl4j.protocol.model.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result of evaluating candidate models at every site: a validation task's metrics named
 * {@code <model>/<metric>} (as runners with {@code task_runner.settings.candidates} report them) become a
 * table of site x model x metric, plus the sample-weighted mean over the sites ({@code aggregate}), written to
 * {@code candidates.csv} and {@code candidates.json} next to the metrics log and to the log, with the models
 * ranked by {@code rankMetric} of the aggregate. A task without such metrics writes nothing.
 */
public final class CandidateReport {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateReport.class);
    static final String AGGREGATE = "aggregate";

    private CandidateReport() {
    }

    /**
     * @param siteMetrics each site's metrics of the task; {@code samples} its sample count
     * @param means the task's sample-weighted means
     * @return the models ranked best first (empty when the task reported no candidate metrics)
     */
    public static List<String> write(Path dir, long round, String task, Map<String, Map<String, Double>> siteMetrics,
            Map<String, Long> samples, Map<String, Double> means, String rankMetric, boolean higherIsBetter)
            throws IOException {
        Set<String> models = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (String name : means.keySet()) {
            int slash = name.lastIndexOf('/');
            if (slash > 0) {
                models.add(name.substring(0, slash));
                metrics.add(name.substring(slash + 1));
            }
        }
        if (models.isEmpty()) {
            return List.of();
        }
        List<String> ranked = new ArrayList<>(models);
        Comparator<String> byScore = Comparator.comparingDouble(m -> means.getOrDefault(m + "/" + rankMetric,
                higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY));
        ranked.sort(higherIsBetter ? byScore.reversed() : byScore);
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>(siteMetrics);
        rows.put(AGGREGATE, means);
        StringBuilder csv = new StringBuilder("site,samples,model,metric,value\n");
        rows.forEach((site, values) -> {
            for (String model : models) {
                for (String metric : metrics) {
                    Double v = values.get(model + "/" + metric);
                    if (v != null) {
                        long n = site.equals(AGGREGATE) ? samples.values().stream().mapToLong(Long::longValue).sum()
                                : samples.getOrDefault(site, 0L);
                        csv.append(site).append(',').append(n).append(',').append(model).append(',').append(metric)
                                .append(',').append(v).append('\n');
                    }
                }
            }
        });
        AtomicFiles.write(dir.resolve("candidates.csv"), out -> out.write(csv.toString()
                .getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(dir.resolve("candidates.json"), out -> out.write(json(round, task, rankMetric, ranked,
                metrics, rows).getBytes(StandardCharsets.UTF_8)));
        LOG.info("Candidate models of {} (round {}), ranked by the sample-weighted {}:", task, round, rankMetric);
        for (int i = 0; i < ranked.size(); i++) {
            String m = ranked.get(i);
            StringBuilder line = new StringBuilder();
            for (String metric : metrics) {
                Double v = means.get(m + "/" + metric);
                line.append(' ').append(metric).append(' ').append(v == null ? "-" : format(v));
            }
            LOG.info("  {}. {}:{}", i + 1, m, line);
            for (Map.Entry<String, Map<String, Double>> site : siteMetrics.entrySet()) {
                Double v = site.getValue().get(m + "/" + rankMetric);
                LOG.info("       {} ({} samples): {} {}", site.getKey(), samples.getOrDefault(site.getKey(), 0L),
                        rankMetric, v == null ? "-" : format(v));
            }
        }
        LOG.info("Candidate table: {} and candidates.json", dir.resolve("candidates.csv"));
        return ranked;
    }

    private static String json(long round, String task, String rankMetric, List<String> ranked, Set<String> metrics,
            Map<String, Map<String, Double>> rows) {
        StringBuilder b = new StringBuilder("{\"round\":").append(round).append(",\"task\":").append(quote(task))
                .append(",\"ranked_by\":").append(quote(rankMetric)).append(",\"models\":[");
        for (int i = 0; i < ranked.size(); i++) {
            String m = ranked.get(i);
            b.append(i == 0 ? "" : ",").append("{\"rank\":").append(i + 1).append(",\"name\":").append(quote(m))
                    .append(",\"sites\":{");
            boolean firstSite = true;
            for (Map.Entry<String, Map<String, Double>> site : rows.entrySet()) {
                b.append(firstSite ? "" : ",").append(quote(site.getKey())).append(":{");
                firstSite = false;
                boolean first = true;
                for (String metric : metrics) {
                    Double v = site.getValue().get(m + "/" + metric);
                    if (v != null) {
                        b.append(first ? "" : ",").append(quote(metric)).append(':').append(v);
                        first = false;
                    }
                }
                b.append('}');
            }
            b.append("}}");
        }
        return b.append("]}\n").toString();
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
