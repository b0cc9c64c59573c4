package org.fl4j.dl4j.dpsgd;

/**
 * A DP-SGD epoch's shape on {@code N} examples at batch size {@code B}: {@code round(N / B)} steps (at least
 * one), each sampling every example with probability {@code q = B / N} (1 when {@code B >= N}).
 */
public record Schedule(double samplingRate, long steps) {

    static Schedule of(int size, int batchSize) {
        if (size < 1) {
            throw new IllegalArgumentException("DP-SGD needs at least one training example, found " + size);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, found " + batchSize);
        }
        double q = Math.min(1.0, (double) batchSize / size);
        return new Schedule(q, Math.max(1, Math.round((double) size / batchSize)));
    }
}
