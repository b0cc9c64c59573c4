package org.fl4j.protocol.codec;

/**
 * The k-th largest of non-negative int keys by radix selection: three counting passes over 11, 11 and 9 bits
 * of the key, each narrowing to the bucket that holds it, so the cost is a few sequential passes whatever the
 * data (a quickselect's partitioning branches cannot be predicted on noise-like updates).
 */
final class Select {

    private static final int[][] DIGITS = {{20, 11}, {9, 11}, {0, 9}};

    private Select() {
    }

    /** The {@code k}-th largest of {@code a} (1 = the largest), 1 <= k <= a.length; every key must be >= 0. */
    static int kthLargest(int[] a, int k) {
        if (k < 1 || k > a.length) {
            throw new IllegalArgumentException("k = " + k + " of " + a.length + " keys");
        }
        int prefix = 0;
        int prefixBits = 0;
        int remaining = k;
        for (int[] digit : DIGITS) {
            int shift = digit[0];
            int width = digit[1];
            int[] counts = new int[1 << width];
            int mask = (1 << width) - 1;
            for (int key : a) {
                if (key < 0) {
                    throw new IllegalArgumentException("negative key " + key);
                }
                if (prefixBits == 0 || key >>> (shift + width) == prefix) {
                    counts[(key >>> shift) & mask]++;
                }
            }
            int bucket = counts.length - 1;
            while (counts[bucket] < remaining) {
                remaining -= counts[bucket];
                bucket--;
            }
            prefix = (prefix << width) | bucket;
            prefixBits += width;
        }
        return prefix;
    }
}
