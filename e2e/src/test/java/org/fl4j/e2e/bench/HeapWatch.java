package org.fl4j.e2e.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The largest live heap seen by this JVM's garbage collections: after each collection, the heap pools' used
 * bytes. A peak that no collection observes is missed, so this is a lower bound of the true peak (with many
 * collections during a run, a close one).
 */
final class HeapWatch {

    private final AtomicLong maxLive = new AtomicLong();
    private final AtomicLong maxSampled = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    record(info.getGcInfo().getMemoryUsageAfterGc());
                }
            }, null, null);
        }
    }

    private void record(Map<String, MemoryUsage> after) {
        long used = 0;
        for (var e : after.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        maxLive.accumulateAndGet(used, Math::max);
    }

    void reset() {
        maxLive.set(0);
    }

    /** The largest heap after any collection seen (young ones included, so with old garbage: an upper bound). */
    long maxLiveBytes() {
        return maxLive.get();
    }

    /** The largest live heap of {@link #sampleLive} (exact at the sampled instants). */
    long maxSampledBytes() {
        return maxSampled.get();
    }

    /**
     * Samples the live heap every {@code period} (a full collection, then the heap's used bytes) on a daemon
     * thread until {@code stop} is run: the live set at those instants, exactly, at the price of slowing the
     * work it watches (so timings are taken in a run without it). Returns the stopper; the largest sample is
     * {@link #maxSampledBytes()}.
     */
    Runnable sampleLive(java.time.Duration period) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread t = new Thread(() -> {
            while (running.get()) {
                try {
                    maxSampled.accumulateAndGet(liveNow(), Math::max);
                    Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        t.setDaemon(true);
        t.start();
        return () -> {
            running.set(false);
            t.interrupt();
        };
    }

    /**
     * Live heap now: a full collection, then the heap pools' usage as that collection left it (the pools'
     * collection usage, measured by the collector at its end), so objects other threads allocate right after
     * it do not count.
     */
    static long liveNow() throws InterruptedException {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                used += p.getCollectionUsage().getUsed();
            }
        }
        return used;
    }
}
