package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compression_pipeline section (the fixture compression_pipeline covers its problems at file:line:column). */
class CompressionSectionTest {

    @TempDir
    Path dir;

    private Plan read(Map<String, String> overrides) {
        TestPlans.kerasWorkspace(dir);
        return PlanReader.read(PlanFiles.of(dir), overrides);
    }

    private static Map<String, String> compression(String upload, String download) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("compression_pipeline.template", "fl4j.Compression");
        o.put("compression_pipeline.settings.upload", upload);
        o.put("compression_pipeline.settings.download", download);
        return o;
    }

    @Test
    void read_stagesWithAndWithoutSettings_wireNamesAndParameters() {
        Plan plan = read(compression("[{int8_blockwise: {block: 128}}, lz4]", "[fp16]"));

        assertThat(plan.compression().upload()).containsExactly(
                new CompressionSettings.Stage("int8_blockwise", Map.of("block", 128L)),
                new CompressionSettings.Stage("lz4", Map.of()));
        assertThat(plan.compression().download()).containsExactly(new CompressionSettings.Stage("fp16", Map.of()));
        assertThat(plan.compression().errorFeedback()).isTrue();
    }

    @Test
    void read_topKFractionAndDefaults_perMillionOnTheWire() {
        Map<String, String> o = compression("[{topk: {fraction: 0.001}}, lz4]", "[nf4]");
        o.put("collaborator.settings.delta_updates", "true");
        Plan plan = read(o);

        assertThat(plan.compression().upload().get(0).params()).isEqualTo(Map.of("per_million", 1000L));
        assertThat(plan.compression().download().get(0).params()).isEqualTo(Map.of("block", 64L));
        assertThat(plan.compression().sparseUpload()).isTrue();
    }

    @Test
    void read_defaultPlan_noCompressionAndTheSameHashAsBefore() {
        Plan plan = read(Map.of());

        assertThat(plan.compression()).isEqualTo(CompressionSettings.NONE);
        assertThat(plan.compressionPipeline().template()).isEqualTo("fl4j.NoCompression");
    }

    @Test
    void read_compressionChangesThePlanHash() {
        String plain = read(Map.of()).hash();

        assertThat(read(compression("[int8_blockwise]", "[]")).hash()).isNotEqualTo(plain);
    }

    @Test
    void read_topKUnderSecureAggregation_refusedNamingBothSettings() {
        Map<String, String> o = compression("[topk, lz4]", "[]");
        o.put("aggregator.settings.secure_aggregation", "true");
        o.put("collaborator.settings.delta_updates", "true");

        assertThatThrownBy(() -> read(o)).isInstanceOf(PlanException.class).hasMessageContaining(
                "compression_pipeline.settings.upload: [topk, lz4] cannot run with"
                        + " aggregator.settings.secure_aggregation: true", "top-k sends only some");
    }

    @Test
    void read_quantisedUploadUnderSecureAggregation_refusedWhileDownloadStagesAreKept() {
        Map<String, String> o = compression("[int8_blockwise]", "[fp16]");
        o.put("aggregator.settings.secure_aggregation", "true");

        assertThatThrownBy(() -> read(o)).isInstanceOf(PlanException.class).hasMessageContaining(
                "compression_pipeline.settings.upload: [int8_blockwise] cannot run with"
                        + " aggregator.settings.secure_aggregation: true", "secure_aggregation_settings.bits");
        Map<String, String> downloadOnly = compression("[]", "[fp16]");
        downloadOnly.put("aggregator.settings.secure_aggregation", "true");
        assertThat(read(downloadOnly).compression().download()).hasSize(1);
    }

    @Test
    void read_topKOfWholeWeights_refusedNamingDeltaUpdates() {
        assertThatThrownBy(() -> read(compression("[topk]", "[]"))).isInstanceOf(PlanException.class)
                .hasMessageContaining("compression_pipeline.settings.upload: topk needs"
                        + " collaborator.settings.delta_updates: true");
    }

    @Test
    void read_deltaUpdates_accepted() {
        Plan plan = read(Map.of("collaborator.settings.delta_updates", "true"));

        assertThat(plan.collaborator().deltaUpdates()).isTrue();
        assertThat(List.of(plan.compression().upload())).containsExactly(List.of());
    }

    @Test
    void read_downloadDeltaRounds_keptAndOffByDefault() {
        Map<String, String> o = compression("[]", "[int8_blockwise]");
        assertThat(read(o).compression().downloadDeltaRounds()).isZero();

        o.put("compression_pipeline.settings.download_delta_rounds", "2");
        assertThat(read(o).compression().downloadDeltaRounds()).isEqualTo(2);
    }

    @Test
    void read_downloadDeltaRoundsOutOfRange_refusedNamingTheKey() {
        Map<String, String> o = compression("[]", "[fp16]");
        o.put("compression_pipeline.settings.download_delta_rounds", "17");

        assertThatThrownBy(() -> read(o)).isInstanceOf(PlanException.class).hasMessageContaining(
                "compression_pipeline.settings.download_delta_rounds", "between 0 and 16", "17");
    }
}
