package org.fl4j.dl4j.experiment;

/**
 * The heap a simulation needs, estimated before anything starts from the model's size and the number of
 * pooled models, so that a simulation too big for the JVM fails at once with the numbers instead of running
 * out of memory an hour in. Per pooled model: {@value #COPIES_PER_THREAD} float copies of the parameters (the
 * network, its gradients, Adam's two moments, the exported weights and the upload); the aggregator:
 * {@value #COPIES_AT_AGGREGATOR} copies (global model, streaming sum, best model, staged download: aggregation
 * folds each result in as it arrives, so results add nothing per site); per site a fixed {@value #BYTES_PER_SITE} bytes (its collaborator loop and shard
 * index); plus the data set.
 */
record MemoryBudget(long parameterCount, int threads, int sites, long dataBytes) {

    static final int COPIES_PER_THREAD = 8;
    static final int COPIES_AT_AGGREGATOR = 4;
    static final long BYTES_PER_SITE = 64 * 1024;

    long modelBytes() {
        return parameterCount * Float.BYTES;
    }

    /** The estimated heap in bytes. */
    long estimate() {
        long copies = (long) threads * COPIES_PER_THREAD + COPIES_AT_AGGREGATOR;
        return copies * modelBytes() + sites * BYTES_PER_SITE + dataBytes;
    }

    /**
     * Refuses a simulation whose estimate exceeds {@code maxHeap} (the JVM's -Xmx), naming the threads and the
     * numbers.
     */
    void check(long maxHeap) {
        long need = estimate();
        if (need > maxHeap) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "threads = %d: %d pooled models of %d parameters, %d sites and %d MiB of data need about %d MiB"
                            + " of heap, more than the %d MiB this JVM may use; lower threads or sites, or raise"
                            + " the heap (-Xmx, or JAVA_OPTS for fx)", threads, threads, parameterCount, sites,
                    mib(dataBytes), mib(need), mib(maxHeap)));
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
