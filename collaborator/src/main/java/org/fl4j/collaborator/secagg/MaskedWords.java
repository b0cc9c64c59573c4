package org.fl4j.collaborator.secagg;

import org.fl4j.secagg.client.MaskedUpload;
import org.fl4j.secagg.mask.MaskStream;

/**
 * A masked input's int32 words in the float array the result upload sends from: each word's 32 bits become a
 * float's raw bits ({@link Float#intBitsToFloat}) and leave as the same 4 little-endian bytes, since the upload
 * writes raw float bits. The Java specification allows a platform to alter the bits of a signalling NaN on the
 * way; every word is checked, and such a platform is refused rather than sending a corrupted sum.
 */
final class MaskedWords {

    private MaskedWords() {
    }

    static float[] of(MaskedUpload upload) {
        float[] words = new float[Math.toIntExact(upload.elements())];
        int[] chunk = new int[MaskStream.CHUNK_ELEMENTS];
        while (upload.hasRemaining()) {
            int at = (int) upload.position();
            int n = upload.next(chunk, chunk.length);
            for (int i = 0; i < n; i++) {
                float f = Float.intBitsToFloat(chunk[i]);
                if (Float.floatToRawIntBits(f) != chunk[i]) {
                    throw new IllegalStateException("this JVM alters the bits of NaN floats (word " + (at + i)
                            + "): it cannot send a masked input through float32 chunks");
                }
                words[at + i] = f;
            }
        }
        return words;
    }
}
