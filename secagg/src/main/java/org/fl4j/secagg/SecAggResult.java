package org.fl4j.secagg;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a completed round of secure aggregation yields: the weighted average of the survivors' clipped updates
 * (dequantised; weights capped at the plan's weight_cap), and who took part.
 *
 * @param average the d coordinates of the weighted average update
 * @param weightSum the sum of the survivors' (capped) weights
 * @param survivors the collaborators whose input is in the average (U3), sorted
 * @param dropped the participants whose input is not (U0 minus U3), sorted
 * @param unmasking how long reconstructing the secrets and removing the masks took
 */
public record SecAggResult(float[] average, long weightSum, List<String> survivors, List<String> dropped,
        Duration unmasking) {

    public SecAggResult {
        Objects.requireNonNull(average, "average");
        survivors = List.copyOf(survivors);
        dropped = List.copyOf(dropped);
        Objects.requireNonNull(unmasking, "unmasking");
    }
}
