package org.fl4j.collaborator.data;

import java.util.Objects;

/**
 * Which shard of a data set a site uses: shard {@code shard} (1-based, as in OpenFL's {@code data.yaml}
 * line {@code one,1}) of {@code shardCount}, cut with {@code method}. {@code alpha} is the Dirichlet
 * concentration (used by {@link SplitMethod#DIRICHLET} only) and {@code seed} makes the cut reproducible:
 * every site computing the partition with the same spec gets the same, disjoint shards.
 */
public record ShardSpec(int shard, int shardCount, SplitMethod method, double alpha, long seed) {

    public ShardSpec {
        Objects.requireNonNull(method, "method");
        if (shardCount < 1) {
            throw new IllegalArgumentException("the number of shards must be >= 1, found " + shardCount);
        }
        if (shard < 1 || shard > shardCount) {
            throw new IllegalArgumentException("shard " + shard + " does not exist: shards are numbered 1.."
                    + shardCount);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a positive number, found " + alpha);
        }
    }

    /** A round-robin shard (OpenFL's split). */
    public static ShardSpec roundRobin(int shard, int shardCount) {
        return new ShardSpec(shard, shardCount, SplitMethod.ROUND_ROBIN, 1.0, 0);
    }

    /** Parses a data path that is a shard number ({@code "1"}); empty when it is not a positive integer. */
    public static java.util.OptionalInt parseShardNumber(String dataPath) {
        String s = dataPath.strip();
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(Integer.parseInt(s));
    }
}
