package org.fl4j.collaborator.data;

import java.util.SplittableRandom;

/**
 * Preparing a local table for training: a seeded train/validation split, and z-score normalisation whose
 * means and standard deviations come from the local training split only (validation data never leaks into
 * them, and no statistic leaves the site).
 */
public final class TabularPrep {

    private TabularPrep() {
    }

    /** Splits samples at random (seeded) into training and validation; both keep at least one sample. */
    public static LocalData split(LabeledData data, double validationFraction, long seed) throws DataException {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation_fraction must be between 0 and 1, found "
                    + validationFraction);
        }
        if (data.size() < 2) {
            throw new DataException(data.source() + ": " + data.size() + " samples are too few to split into"
                    + " training and validation");
        }
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int valid = (int) Math.max(1, Math.min(data.size() - 1, Math.round(data.size() * validationFraction)));
        int[] v = java.util.Arrays.copyOfRange(order, 0, valid);
        int[] t = java.util.Arrays.copyOfRange(order, valid, order.length);
        java.util.Arrays.sort(v);
        java.util.Arrays.sort(t);
        return new LocalData(data.subset(t, data.source() + " (training split)"),
                data.subset(v, data.source() + " (validation split)"));
    }

    /** Both splits scaled feature by feature with the training split's mean and standard deviation. */
    public static LocalData normalise(LocalData data) {
        LabeledData train = data.train();
        int n = train.sampleSize();
        double[] mean = new double[n];
        double[] sq = new double[n];
        float[] f = train.features();
        for (int i = 0; i < train.size(); i++) {
            for (int j = 0; j < n; j++) {
                mean[j] += f[i * n + j];
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= Math.max(1, train.size());
        }
        for (int i = 0; i < train.size(); i++) {
            for (int j = 0; j < n; j++) {
                double d = f[i * n + j] - mean[j];
                sq[j] += d * d;
            }
        }
        double[] std = new double[n];
        for (int j = 0; j < n; j++) {
            std[j] = Math.sqrt(sq[j] / Math.max(1, train.size()));
            if (std[j] < 1e-12) {
                std[j] = 1;
            }
        }
        return new LocalData(scale(train, mean, std), scale(data.validation(), mean, std));
    }

    private static LabeledData scale(LabeledData d, double[] mean, double[] std) {
        int n = d.sampleSize();
        float[] in = d.features();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            int j = i % n;
            out[i] = (float) ((in[i] - mean[j]) / std[j]);
        }
        return new LabeledData(d.source(), d.sampleShape(), out, d.labels(), d.classCount());
    }
}
