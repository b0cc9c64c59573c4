package org.fl4j.plan;

import java.util.Arrays;
import java.util.List;

/**
 * Where the aggregator keeps each model update while it arrives ({@code aggregator.settings.update_staging}):
 * in a model-sized heap buffer ({@code memory}, fastest), in a file of the workspace's save folder
 * ({@code disk}), combined tile by tile at the end of the round, so that the heap holds no update at all, or
 * ({@code auto}, the default) in memory when that fits comfortably in the aggregator's heap and on disk when
 * it does not.
 */
public enum UpdateStaging {
    MEMORY, DISK, AUTO;

    /** The name in plans: {@code memory}, {@code disk} or {@code auto}. */
    public String planName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Every name a plan may give. */
    public static List<String> planNames() {
        return Arrays.stream(values()).map(UpdateStaging::planName).toList();
    }

    /** The value of a plan name from {@link #planNames()}. */
    public static UpdateStaging ofPlanName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
