package org.fl4j.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plan's {@code compression_pipeline}: the codec stages updates go through on their way to the aggregator
 * ({@code upload}) and global models on their way to the sites ({@code download}), each empty for raw float32,
 * and whether a site keeps what its lossy upload stage dropped and adds it to its next update
 * ({@code errorFeedback}), and how many past rounds' global models the aggregator keeps to send a site the
 * difference to the model it holds ({@code downloadDeltaRounds}, 0: every site gets whole models). Stage names
 * and parameters are those of the wire ({@code org.fl4j.protocol.codec}).
 */
public record CompressionSettings(List<Stage> upload, List<Stage> download, boolean errorFeedback,
        int downloadDeltaRounds) {

    /** The most past rounds' models {@code download_delta_rounds} may keep. */
    public static final int MAX_DOWNLOAD_DELTA_ROUNDS = 16;

    /** Nothing compressed. */
    public static final CompressionSettings NONE = new CompressionSettings(List.of(), List.of(), false, 0);

    /** One stage: its wire name and integer parameters. */
    public record Stage(String name, Map<String, Long> params) {
        public Stage {
            Objects.requireNonNull(name, "name");
            params = Map.copyOf(params);
        }
    }

    public CompressionSettings {
        upload = List.copyOf(upload);
        download = List.copyOf(download);
        if (downloadDeltaRounds < 0 || downloadDeltaRounds > MAX_DOWNLOAD_DELTA_ROUNDS) {
            throw new IllegalArgumentException("download delta rounds must be in [0, " + MAX_DOWNLOAD_DELTA_ROUNDS
                    + "], found " + downloadDeltaRounds);
        }
    }

    /** True when the upload keeps only the largest values (top-k sparsification). */
    public boolean sparseUpload() {
        return upload.stream().anyMatch(s -> s.name().equals(CompressionSection.TOPK));
    }
}
