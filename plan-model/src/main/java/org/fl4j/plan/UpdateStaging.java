package org.fl4j.plan;

/**
 * Where the aggregator keeps each model update while it arrives ({@code aggregator.settings.update_staging}):
 * in a model-sized heap buffer ({@code memory}, fastest), or in a file of the workspace's save folder
 * ({@code disk}), combined tile by tile at the end of the round, so that the heap holds no update at all.
 */
public enum UpdateStaging {
    MEMORY, DISK;

    /** The name in plans: {@code memory} or {@code disk}. */
    public String planName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
