package org.fl4j.collaborator.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a data set is cut into shards for demos and experiments (the plan's {@code data_loader.settings.split}). */
public enum SplitMethod {
    /** Sample {@code i} goes to shard {@code i mod N} (OpenFL's split): every shard sees every class. */
    ROUND_ROBIN,
    /** Shard {@code k} gets the {@code k}-th block of consecutive samples. */
    CONTIGUOUS,
    /**
     * Label-skewed, non-IID: each class is divided over the shards in proportions drawn from a symmetric
     * Dirichlet distribution with concentration {@code alpha} (small alpha, strong skew).
     */
    DIRICHLET;

    /** The name used in plans: {@code round_robin}, {@code contiguous}, {@code dirichlet}. */
    public String planName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a plan name; the error lists the choices. */
    public static SplitMethod fromPlanName(String name) {
        for (SplitMethod m : values()) {
            if (m.planName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown split '" + name + "': choose from "
                + Arrays.stream(values()).map(SplitMethod::planName).collect(Collectors.joining(", ")));
    }
}
