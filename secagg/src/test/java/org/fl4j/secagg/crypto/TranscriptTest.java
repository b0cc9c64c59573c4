package org.fl4j.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    @Test
    void toBytes_fields_areLengthPrefixedBigEndian() {
        byte[] b = Transcript.of("L").text("ab").number(258).bytes(new byte[] {7}).names(List.of("x", "yz")).toBytes();

        assertThat(HexFormat.of().formatHex(b)).isEqualTo("000000014c" + "000000026162" + "0000000000000102"
                + "0000000107" + "00000002" + "0000000178" + "00000002797a");
    }

    @Test
    void toBytes_fieldBoundariesMoved_differ() {
        assertThat(Transcript.of("L").text("ab").text("c").toBytes())
                .isNotEqualTo(Transcript.of("L").text("a").text("bc").toBytes());
        assertThat(Transcript.of("L").names(List.of("a", "b")).toBytes())
                .isNotEqualTo(Transcript.of("L").names(List.of("ab")).toBytes());
    }
}
