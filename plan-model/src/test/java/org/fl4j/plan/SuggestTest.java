package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {

    @Test
    void closest_typo_suggestsKnownWord() {
        assertThat(Suggest.closest("rounds_to_trian", List.of("rounds_to_train", "write_logs")))
                .contains("rounds_to_train");
    }

    @Test
    void closest_unrelatedWord_suggestsNothing() {
        assertThat(Suggest.closest("colour", List.of("rounds_to_train", "write_logs"))).isEmpty();
    }

    @Test
    void closest_prefix_suggestsLongerKey() {
        assertThat(Suggest.closest("aggregation", List.of("function", "aggregation_type")))
                .contains("aggregation_type");
    }

    @Test
    void distance_isLevenshtein() {
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggest.distance("", "abc")).isEqualTo(3);
    }
}
