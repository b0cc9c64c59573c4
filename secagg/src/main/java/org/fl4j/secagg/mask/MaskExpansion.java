package org.fl4j.secagg.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Expands many masks into one accumulator, split across cores: the element range is cut into contiguous parts,
 * one fork-join task each, and every part walks its elements a slice at a time (a slice of the accumulator stays
 * in the core's cache while every mask is applied to it). The result does not depend on the number of parts:
 * int additions wrap and commute. Runs in the common fork-join pool; the calling thread takes part.
 */
public final class MaskExpansion {

    /** Elements of the accumulator a part handles at a time (256 KiB of ints). */
    static final int SLICE = 1 << 16;

    private MaskExpansion() {
    }

    /** One mask: its AES key, and +1 to add it or -1 to subtract it. */
    public record Term(byte[] key, int sign) {
        public Term {
            if (key.length != MaskKeys.KEY_BYTES) {
                throw new IllegalArgumentException("a mask key has 32 bytes, found " + key.length);
            }
            if (sign != 1 && sign != -1) {
                throw new IllegalArgumentException("sign must be 1 or -1, found " + sign);
            }
        }
    }

    /** Applies every term to {@code acc[0, length)}, with {@code parallelism} parts (1 runs on this thread). */
    public static void apply(int[] acc, int length, List<Term> terms, IntKernels kernels, int parallelism) {
        if (terms.isEmpty() || length == 0) {
            return;
        }
        int parts = Math.max(1, Math.min(parallelism, (length + SLICE - 1) / SLICE));
        if (parts == 1) {
            run(acc, 0, length, terms, kernels);
            return;
        }
        List<RecursiveAction> tasks = new ArrayList<>(parts);
        long per = ((long) length + parts - 1) / parts;
        per = (per + 3) & ~3L;
        for (int p = 0; p < parts; p++) {
            int from = (int) Math.min(length, p * per);
            int to = (int) Math.min(length, from + per);
            if (from < to) {
                tasks.add(new RecursiveAction() {
                    @Override
                    protected void compute() {
                        run(acc, from, to, terms, kernels);
                    }
                });
            }
        }
        ForkJoinPool.commonPool().invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }

    /** The parallelism to use by default: the common pool's plus the calling thread. */
    public static int defaultParallelism() {
        return ForkJoinPool.getCommonPoolParallelism() + 1;
    }

    private static void run(int[] acc, int from, int to, List<Term> terms, IntKernels kernels) {
        MaskStream stream = null;
        for (int slice = from; slice < to; slice += SLICE) {
            int n = Math.min(SLICE, to - slice);
            for (Term t : terms) {
                if (stream == null) {
                    stream = new MaskStream(t.key());
                }
                stream.reset(t.key(), slice);
                stream.apply(acc, slice, n, t.sign(), kernels);
            }
        }
    }
}
