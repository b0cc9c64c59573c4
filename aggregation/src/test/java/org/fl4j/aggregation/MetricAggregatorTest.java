package org.fl4j.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricAggregatorTest {

    @Test
    void means_weightedBySampleCount_missingMetricsSkipped() {
        MetricAggregator m = new MetricAggregator();
        m.add("a", 1, Map.of("loss", 1.0, "acc", 0.5));
        m.add("b", 3, Map.of("loss", 3.0));

        assertThat(m.means()).containsExactly(Map.entry("acc", 0.5), Map.entry("loss", 2.5));
        assertThat(m.count()).isEqualTo(2);
    }

    @Test
    void means_independentOfOrder() {
        MetricAggregator ab = new MetricAggregator();
        ab.add("a", 7, Map.of("x", 0.1));
        ab.add("b", 11, Map.of("x", 0.7));
        ab.add("c", 13, Map.of("x", 0.3));
        MetricAggregator ba = new MetricAggregator();
        ba.add("c", 13, Map.of("x", 0.3));
        ba.add("b", 11, Map.of("x", 0.7));
        ba.add("a", 7, Map.of("x", 0.1));
        assertThat(ab.means()).isEqualTo(ba.means());
        assertThat(ab.means().get("x")).isCloseTo((0.7 + 7.7 + 3.9) / 31, within(1e-15));
    }

    @Test
    void add_badInput_refused() {
        MetricAggregator m = new MetricAggregator();
        m.add("a", 1, Map.of("loss", 1));
        assertThatThrownBy(() -> m.add("a", 1, Map.of())).hasMessageContaining("'a' were already recorded");
        assertThatThrownBy(() -> m.add("b", 0, Map.of())).hasMessageContaining("sample count must be at least 1");
        assertThatThrownBy(() -> m.add("c", 1, Map.of("loss", Double.NaN)))
                .hasMessageContaining("loss = NaN is not finite");
        assertThat(m.means()).containsExactly(Map.entry("loss", 1.0));
    }
}
