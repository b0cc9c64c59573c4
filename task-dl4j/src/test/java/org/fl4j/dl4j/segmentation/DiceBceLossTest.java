package org.fl4j.dl4j.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.fl4j.dl4j.NativeSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DiceBceLossTest {

    @BeforeAll
    static void natives() {
        NativeSetup.ensureConfigured();
    }

    private static INDArray column(double... v) {
        return Nd4j.create(v, new long[] {v.length, 1}, DataType.DOUBLE);
    }

    @Test
    void computeGradient_matchesFiniteDifferencesOfTheUnaveragedScore() {
        DiceBceLoss loss = new DiceBceLoss();
        INDArray labels = column(1, 0, 0, 1, 0, 0, 0, 1);
        INDArray pre = column(0.3, -1.2, 0.8, 2.0, -0.1, 0.4, -2.5, -0.7);
        INDArray grad = loss.computeGradient(labels, pre, new ActivationSigmoid(), null);
        double h = 1e-6;
        for (int i = 0; i < pre.length(); i++) {
            INDArray up = pre.dup();
            up.putScalar(i, pre.getDouble(i) + h);
            INDArray down = pre.dup();
            down.putScalar(i, pre.getDouble(i) - h);
            double numeric = (loss.computeScore(labels, up, new ActivationSigmoid(), null, false)
                    - loss.computeScore(labels, down, new ActivationSigmoid(), null, false)) / (2 * h);
            assertThat(grad.getDouble(i)).as("pixel %d", i).isCloseTo(numeric, within(1e-5));
        }
    }

    @Test
    void computeGradient_saturatedWrongLogits_stillPullsTowardTheLabel() {
        DiceBceLoss loss = new DiceBceLoss();
        INDArray labels = column(1, 0, 0, 0);
        // the tumour pixel predicted "no" with logit -40 (p = 4e-18): its cross-entropy gradient is p - y = -1
        INDArray grad = loss.computeGradient(labels, column(-40, -40, -40, -40), new ActivationSigmoid(), null);

        assertThat(grad.getDouble(0)).isCloseTo(-1, within(1e-6));
        assertThat(grad.getDouble(1)).isCloseTo(0, within(1e-6));
        assertThat(loss.computeScore(labels, column(-40, -40, -40, -40), new ActivationSigmoid(), null, true))
                .isCloseTo(40.0 / 4 + 1 - 1.0 / 2, within(1e-9));
    }

    @Test
    void computeGradient_notSigmoid_refusedNamingTheActivation() {
        assertThatThrownBy(() -> new DiceBceLoss().computeGradient(column(1, 0), column(0.5, -0.5),
                new org.nd4j.linalg.activations.impl.ActivationIdentity(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigmoid");
    }

    @Test
    void computeScore_perfectPrediction_isNearZeroAndWrongOneIsLarge() {
        DiceBceLoss loss = new DiceBceLoss();
        INDArray labels = column(1, 0, 0, 1);
        assertThat(loss.computeScore(labels, column(20, -20, -20, 20), new ActivationSigmoid(), null, true))
                .isLessThan(1e-6);
        assertThat(loss.computeScore(labels, column(-20, 20, 20, -20), new ActivationSigmoid(), null, true))
                .isGreaterThan(10);
    }

    @Test
    void overlapCounts_diceAndIou() {
        OverlapCounts c = new OverlapCounts();
        c.add(new float[] {0.9f, 0.8f, 0.1f, 0.7f, 0.2f}, new byte[] {1, 0, 1, 1, 0}, 0);
        // TP 2, FP 1, FN 1, TN 1
        assertThat(c.dice()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(c.iou()).isCloseTo(0.5, within(1e-12));
        assertThat(c.meanIou()).isCloseTo((0.5 + 1.0 / 3) / 2, within(1e-12));
    }
}
