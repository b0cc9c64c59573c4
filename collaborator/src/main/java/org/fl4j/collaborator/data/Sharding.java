package org.fl4j.collaborator.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Cuts data sets into shards ({@link ShardSpec}). Training and validation sets are cut the same way: for the
 * Dirichlet split both use the same per-class proportions, so a site's validation data is skewed like its
 * training data.
 */
public final class Sharding {

    private Sharding() {
    }

    /** The shard's part of both splits; an empty shard is an error naming the spec. */
    public static LocalData shard(LocalData data, ShardSpec spec) throws DataException {
        return new LocalData(shard(data.train(), spec), shard(data.validation(), spec));
    }

    /** The shard's part of one data set. */
    public static LabeledData shard(LabeledData data, ShardSpec spec) throws DataException {
        int[] idx = indices(data.labels(), data.classCount(), spec);
        if (idx.length == 0) {
            throw new DataException(data.source() + ": shard " + spec.shard() + " of " + spec.shardCount() + " ("
                    + spec.method().planName() + ") is empty: " + data.size() + " samples are too few for "
                    + spec.shardCount() + " shards");
        }
        return data.subset(idx, data.source() + " shard " + spec.shard() + "/" + spec.shardCount());
    }

    /** Indices (ascending) of the samples that belong to the shard. */
    public static int[] indices(int[] labels, int classCount, ShardSpec spec) {
        int n = labels.length;
        int k = spec.shard() - 1;
        int count = spec.shardCount();
        return switch (spec.method()) {
            case ROUND_ROBIN -> {
                int[] out = new int[n > k ? (n - k + count - 1) / count : 0];
                for (int i = 0; i < out.length; i++) {
                    out[i] = k + i * count;
                }
                yield out;
            }
            case CONTIGUOUS -> range((int) ((long) k * n / count), (int) ((long) (k + 1) * n / count));
            case DIRICHLET -> dirichlet(labels, classCount, spec);
        };
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static int[] dirichlet(int[] labels, int classCount, ShardSpec spec) {
        double[][] proportions = proportions(classCount, spec);
        int[][] byClass = byClass(labels, classCount);
        int k = spec.shard() - 1;
        int[] out = new int[labels.length];
        int size = 0;
        for (int c = 0; c < classCount; c++) {
            int[] members = byClass[c];
            shuffle(members, new SplittableRandom(spec.seed() * 31 + c));
            double before = 0;
            for (int s = 0; s < k; s++) {
                before += proportions[c][s];
            }
            int from = (int) Math.round(before * members.length);
            int to = k == spec.shardCount() - 1 ? members.length
                    : (int) Math.round((before + proportions[c][k]) * members.length);
            System.arraycopy(members, from, out, size, to - from);
            size += to - from;
        }
        int[] result = Arrays.copyOf(out, size);
        Arrays.sort(result);
        return result;
    }

    /** Per class, the share of each shard: one Dirichlet(alpha, ..., alpha) draw per class. */
    static double[][] proportions(int classCount, ShardSpec spec) {
        SplittableRandom rng = new SplittableRandom(spec.seed());
        double[][] p = new double[classCount][spec.shardCount()];
        for (int c = 0; c < classCount; c++) {
            double sum = 0;
            for (int s = 0; s < spec.shardCount(); s++) {
                p[c][s] = Gamma.sample(spec.alpha(), rng);
                sum += p[c][s];
            }
            for (int s = 0; s < spec.shardCount(); s++) {
                p[c][s] = sum > 0 ? p[c][s] / sum : 1.0 / spec.shardCount();
            }
        }
        return p;
    }

    private static int[][] byClass(int[] labels, int classCount) {
        int[] counts = new int[classCount];
        for (int l : labels) {
            counts[l]++;
        }
        int[][] out = new int[classCount][];
        for (int c = 0; c < classCount; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[classCount];
        for (int i = 0; i < labels.length; i++) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
