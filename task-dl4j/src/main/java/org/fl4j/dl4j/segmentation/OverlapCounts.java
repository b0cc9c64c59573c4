package org.fl4j.dl4j.segmentation;

/**
 * True positive, false positive and false negative pixel counts of a binary segmentation, pooled over a
 * validation set: Dice {@code 2TP / (2TP + FP + FN)} and IoU {@code TP / (TP + FP + FN)} of the foreground
 * (both 1 when neither prediction nor mask has any foreground), and the mean IoU over background and foreground.
 */
public final class OverlapCounts {

    private long tp;
    private long fp;
    private long fn;
    private long tn;

    /** Adds one batch: probabilities {@code p} thresholded at 0.5 against the mask values {@code y}. */
    public void add(float[] p, byte[] y, int from) {
        for (int i = 0; i < p.length; i++) {
            boolean predicted = p[i] >= 0.5f;
            boolean actual = y[from + i] != 0;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
        }
    }

    public double dice() {
        long d = 2 * tp + fp + fn;
        return d == 0 ? 1 : 2.0 * tp / d;
    }

    public double iou() {
        long d = tp + fp + fn;
        return d == 0 ? 1 : (double) tp / d;
    }

    /** The mean of the background's and the foreground's IoU (the usual mean IoU over the two classes). */
    public double meanIou() {
        long d = tn + fn + fp;
        return (iou() + (d == 0 ? 1 : (double) tn / d)) / 2;
    }
}
