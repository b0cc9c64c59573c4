package org.fl4j.secagg.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.List;
import org.fl4j.secagg.RoundParameters;
import org.fl4j.secagg.mask.IntKernels;
import org.fl4j.secagg.mask.MaskExpansion;
import org.fl4j.secagg.mask.MaskKernels;
import org.fl4j.secagg.mask.MaskStream;
import org.fl4j.secagg.message.MaskedInputHeader;
import org.fl4j.secagg.quantize.Quantiser;

/**
 * A collaborator's masked input, produced a chunk at a time: [w q_1 ... w q_d, w] plus its self mask plus or
 * minus the mask it shares with each neighbour that shared keys (U2), mod 2^32, as little-endian int32. Each
 * chunk is quantised and masked when asked for, so the collaborator never holds more than a chunk of masked
 * values or of any mask. Not thread-safe; produce the elements once, in order.
 */
public final class MaskedUpload {

    private final RoundParameters params;
    private final float[][] update;
    private final int weight;
    private final Quantiser quantiser;
    /** The d coordinates already encoded as integers (distributed DP), or null to quantise {@code update}. */
    private final int[] encoded;
    private final List<MaskExpansion.Term> terms;
    private final MaskStream[] streams;
    private final IntKernels kernels;
    private final int[] chunk = new int[MaskStream.CHUNK_ELEMENTS];
    private long position;
    private int tensor;
    private int offset;

    /**
     * The masked input of {@code update} with the given masks (their keys and signs). {@link SecAggClient} makes
     * them from the round's agreed keys; this factory is public for benchmarks and tests of the masking alone.
     */
    public static MaskedUpload of(RoundParameters params, float[][] update, long sampleCount,
            List<MaskExpansion.Term> terms, SecureRandom random) {
        return new MaskedUpload(params, update, params.quantisation().weight(sampleCount),
                new Quantiser(params.quantisation(), random), terms, MaskKernels.get());
    }

    /** The masked input of coordinates the caller encoded as integers, with weight 1 (distributed DP). */
    static MaskedUpload ofIntegers(RoundParameters params, int[] encoded, List<MaskExpansion.Term> terms) {
        return new MaskedUpload(params, new float[0][], 1, null, encoded, terms, MaskKernels.get());
    }

    MaskedUpload(RoundParameters params, float[][] update, int weight, Quantiser quantiser,
            List<MaskExpansion.Term> terms, IntKernels kernels) {
        this(params, update, weight, quantiser, null, terms, kernels);
    }

    private MaskedUpload(RoundParameters params, float[][] update, int weight, Quantiser quantiser, int[] encoded,
            List<MaskExpansion.Term> terms, IntKernels kernels) {
        this.params = params;
        this.update = update;
        this.weight = weight;
        this.quantiser = quantiser;
        this.encoded = encoded;
        this.terms = terms;
        this.kernels = kernels;
        while (tensor < update.length && update[tensor].length == 0) {
            tensor++;
        }
        this.streams = new MaskStream[terms.size()];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new MaskStream(terms.get(i).key());
        }
    }

    /** What precedes the masked values on the wire (the tensor codec's metadata). */
    public MaskedInputHeader header() {
        return new MaskedInputHeader(params.round(), elements());
    }

    /** Elements in all: d + 1. */
    public long elements() {
        return params.maskedLength();
    }

    /** Elements produced so far. */
    public long position() {
        return position;
    }

    public boolean hasRemaining() {
        return position < elements();
    }

    /** Masks the next elements into {@code out[0, n)}, n = min(max, remaining, a chunk); returns n. */
    public int next(int[] out, int max) {
        int n = fill(Math.min(max, out.length));
        System.arraycopy(chunk, 0, out, 0, n);
        return n;
    }

    /** Masks the next elements into {@code dst} as little-endian int32 (as many as fit, up to a chunk); returns n. */
    public int next(ByteBuffer dst) {
        int n = fill(dst.remaining() / 4);
        ByteBuffer le = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        le.asIntBuffer().put(chunk, 0, n);
        dst.position(dst.position() + 4 * n);
        return n;
    }

    /** Coordinates of the update clipped to the clip range. */
    public long clippedCount() {
        return quantiser == null ? 0 : quantiser.clippedCount();
    }

    private int fill(int max) {
        int n = (int) Math.min(Math.min(max, MaskStream.CHUNK_ELEMENTS), elements() - position);
        if (n <= 0) {
            return 0;
        }
        int done = 0;
        if (encoded != null) {
            done = (int) Math.min(n, params.dimension() - position);
            System.arraycopy(encoded, (int) position, chunk, 0, done);
        }
        while (done < n && position + done < params.dimension()) {
            float[] t = update[tensor];
            int take = (int) Math.min(Math.min(n - done, t.length - offset), params.dimension() - position - done);
            quantiser.quantise(t, offset, take, weight, chunk, done);
            done += take;
            offset += take;
            if (offset == t.length) {
                tensor++;
                offset = 0;
                while (tensor < update.length && update[tensor].length == 0) {
                    tensor++;
                }
            }
        }
        if (done < n) {
            chunk[done] = weight;
        }
        for (int i = 0; i < streams.length; i++) {
            streams[i].apply(chunk, 0, n, terms.get(i).sign(), kernels);
        }
        position += n;
        return n;
    }
}
