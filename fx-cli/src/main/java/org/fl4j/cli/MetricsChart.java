package org.fl4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fl4j.aggregator.store.MetricsHistory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Accuracy and loss per round as one PNG with JFreeChart, headless: two plots over the round axis, a line per
 * origin and task (aggregated lines thick, collaborators thin).
 */
final class MetricsChart {

    private MetricsChart() {
    }

    /** Writes the chart; returns the number of lines drawn. */
    static int write(List<MetricsHistory.Entry> entries, Path png, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeriesCollection> panels = new TreeMap<>();
        Map<String, XYSeries> lines = new java.util.HashMap<>();
        List<MetricsHistory.Entry> sorted = entries.stream().sorted(java.util.Comparator.comparing(
                MetricsHistory.Entry::origin, MetricsFiles.ORIGINS)).toList();
        for (MetricsHistory.Entry e : sorted) {
            String kind = kind(e.metric());
            if (kind == null) {
                continue;
            }
            String name = e.origin() + " " + e.task() + " " + e.metric();
            lines.computeIfAbsent(name, k -> {
                XYSeries s = new XYSeries(name, true, false);
                panels.computeIfAbsent(kind, x -> new XYSeriesCollection()).addSeries(s);
                return s;
            }).addOrUpdate(e.round(), e.value());
        }
        if (panels.isEmpty()) {
            throw new FxException("the metrics log has no accuracy or loss metrics to plot (metric names containing"
                    + " 'acc' or 'loss')");
        }
        NumberAxis rounds = new NumberAxis("round");
        rounds.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(rounds);
        int drawn = 0;
        for (Map.Entry<String, XYSeriesCollection> p : panels.entrySet()) {
            XYSeriesCollection data = p.getValue();
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            for (int i = 0; i < data.getSeriesCount(); i++) {
                boolean aggregated = data.getSeries(i).getKey().toString().startsWith("aggregator ");
                renderer.setSeriesStroke(i, new BasicStroke(aggregated ? 3.5f : 1.2f));
                if (aggregated) {
                    renderer.setSeriesPaint(i, i == 0 ? Color.BLACK : Color.DARK_GRAY);
                }
            }
            NumberAxis values = new NumberAxis(p.getKey());
            values.setAutoRangeIncludesZero(false);
            plot.add(new XYPlot(data, null, values, renderer), 1);
            drawn += data.getSeriesCount();
        }
        JFreeChart chart = new JFreeChart("Federation metrics per round", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
        return drawn;
    }

    /** "accuracy" or "loss" for the metrics plotted, null for others. */
    static String kind(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return m.contains("acc") ? "accuracy" : m.contains("loss") ? "loss" : null;
    }
}
