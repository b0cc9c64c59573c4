package org.fl4j.collaborator.linear;

import java.util.List;
import java.util.Random;
import org.fl4j.collaborator.data.LabeledData;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * Multinomial logistic regression: {@code p = softmax(x W + b)} with {@code W} of shape [features, classes],
 * trained by mini-batch gradient descent on the cross-entropy (with an optional L2 penalty). Plain Java,
 * deterministic for a given seed.
 */
final class SoftmaxModel {

    static final String WEIGHTS = "softmax/W";
    static final String BIAS = "softmax/b";

    private final int features;
    private final int classes;
    private float[] w;
    private float[] b;

    SoftmaxModel(int features, int classes) {
        this.features = features;
        this.classes = classes;
        this.w = new float[features * classes];
        this.b = new float[classes];
    }

    ModelWeights weights() {
        return new ModelWeights(List.of(new Tensor(WEIGHTS, new int[] {features, classes}, w.clone()),
                new Tensor(BIAS, new int[] {classes}, b.clone())));
    }

    void setWeights(ModelWeights weights) {
        Tensor tw = require(weights, WEIGHTS, new int[] {features, classes});
        Tensor tb = require(weights, BIAS, new int[] {classes});
        if (weights.tensorCount() != 2) {
            throw new IllegalArgumentException("the softmax model has tensors " + WEIGHTS + " and " + BIAS + ", found "
                    + weights.tensors());
        }
        w = tw.values().clone();
        b = tb.values().clone();
    }

    private static Tensor require(ModelWeights weights, String name, int[] shape) {
        Tensor t = weights.get(name).orElseThrow(() -> new IllegalArgumentException(
                "the softmax model needs tensor " + name + ", found " + weights.tensors()));
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("tensor " + name + " must have shape " + java.util.Arrays.toString(shape)
                    + ", found " + java.util.Arrays.toString(t.shape()));
        }
        return t;
    }

    /** One pass over {@code data} in a shuffled order; returns the mean loss of the pass. */
    double epoch(LabeledData data, int batchSize, double learningRate, double l2, Random random) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] gw = new float[w.length];
        float[] gb = new float[classes];
        float[] p = new float[classes];
        double loss = 0;
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            java.util.Arrays.fill(gw, 0);
            java.util.Arrays.fill(gb, 0);
            for (int k = start; k < end; k++) {
                int s = order[k];
                int label = data.labels()[s];
                loss += forward(data.features(), s * features, p, label);
                p[label] -= 1;
                accumulate(data.features(), s * features, p, gw, gb);
            }
            float step = (float) (learningRate / (end - start));
            float decay = (float) (1 - learningRate * l2);
            for (int i = 0; i < w.length; i++) {
                w[i] = w[i] * decay - step * gw[i];
            }
            for (int c = 0; c < classes; c++) {
                b[c] -= step * gb[c];
            }
        }
        return n == 0 ? 0 : loss / n;
    }

    /** Accuracy and mean loss on {@code data}. */
    double[] evaluate(LabeledData data) {
        float[] p = new float[classes];
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < data.size(); s++) {
            int label = data.labels()[s];
            loss += forward(data.features(), s * features, p, label);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            if (best == label) {
                correct++;
            }
        }
        int n = Math.max(1, data.size());
        return new double[] {(double) correct / n, loss / n};
    }

    /** Class probabilities of one sample into {@code p}; returns its cross-entropy for {@code label}. */
    private double forward(float[] x, int offset, float[] p, int label) {
        System.arraycopy(b, 0, p, 0, classes);
        for (int f = 0; f < features; f++) {
            float v = x[offset + f];
            if (v != 0) {
                int row = f * classes;
                for (int c = 0; c < classes; c++) {
                    p[c] += v * w[row + c];
                }
            }
        }
        float max = p[0];
        for (int c = 1; c < classes; c++) {
            max = Math.max(max, p[c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = (float) Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] = (float) (p[c] / sum);
        }
        return -Math.log(Math.max(p[label], 1e-12f));
    }

    private void accumulate(float[] x, int offset, float[] delta, float[] gw, float[] gb) {
        for (int f = 0; f < features; f++) {
            float v = x[offset + f];
            if (v != 0) {
                int row = f * classes;
                for (int c = 0; c < classes; c++) {
                    gw[row + c] += v * delta[c];
                }
            }
        }
        for (int c = 0; c < classes; c++) {
            gb[c] += delta[c];
        }
    }
}
