package org.fl4j.dl4j.segmentation;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Soft Dice plus binary cross-entropy for one sigmoid output channel, meant for a {@code CnnLossLayer} (which
 * hands a loss function one row per pixel). With {@code p} the predicted probabilities and {@code y} the
 * mask over the {@code R} pixels of a minibatch, the loss is {@code mean(BCE(p, y)) + 1 - dice} where
 * {@code dice = (2 sum(p y) + eps) / (sum(p) + sum(y) + eps)}. Dice is a property of the whole minibatch,
 * not a sum over pixels, so DL4J's per-row conventions are met like this: the un-averaged score is
 * {@code R * loss}, and the gradient is {@code R} times the loss's gradient per pixel (for the cross-entropy
 * part that is the usual {@code p - y}); DL4J then divides by the number of images, which scales the whole
 * gradient by the pixels per image (Adam does not mind a constant scale).
 */
public final class DiceBceLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;
    static final double EPS = 1.0;
    private static final double CLIP = 1e-7;

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double rows = labels.length();
        double loss = meanLoss(labels, probabilities(preOutput, activationFn));
        return average ? loss : loss * rows;
    }

    /** {@code mean(BCE) + 1 - dice} of probabilities {@code p} against {@code y}. */
    public static double meanLoss(INDArray y, INDArray p) {
        INDArray clipped = Transforms.max(Transforms.min(p, 1 - CLIP, true), CLIP, false);
        INDArray bce = y.mul(Transforms.log(clipped, true)).addi(y.rsub(1).muli(Transforms.log(clipped.rsub(1),
                false))).negi();
        double inter = p.mul(y).sumNumber().doubleValue();
        double dice = (2 * inter + EPS) / (p.sumNumber().doubleValue() + y.sumNumber().doubleValue() + EPS);
        return bce.meanNumber().doubleValue() + 1 - dice;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(preOutput, activationFn);
        INDArray clipped = Transforms.max(Transforms.min(p, 1 - CLIP, true), CLIP, false);
        INDArray bce = labels.mul(Transforms.log(clipped, true)).addi(labels.rsub(1)
                .muli(Transforms.log(clipped.rsub(1), false))).negi();
        double dice = (2 * p.mul(labels).sumNumber().doubleValue() + EPS)
                / (p.sumNumber().doubleValue() + labels.sumNumber().doubleValue() + EPS);
        return bce.addi(1 - dice).sum(1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(preOutput, activationFn);
        double rows = labels.length();
        double inter = p.mul(labels).sumNumber().doubleValue();
        double s = p.sumNumber().doubleValue() + labels.sumNumber().doubleValue() + EPS;
        // d(1 - dice)/dp_i = ((2 I + eps) - 2 y_i S) / S^2, times R (see the class comment)
        INDArray dDice = labels.mul(-2 * s).addi(2 * inter + EPS).muli(rows / (s * s));
        INDArray clipped = Transforms.max(Transforms.min(p, 1 - CLIP, true), CLIP, false);
        // d BCE/dp_i = (p - y) / (p (1 - p)), per row (times R/R)
        INDArray dBce = clipped.sub(labels).divi(clipped.mul(clipped.rsub(1)));
        INDArray dLdp = dBce.addi(dDice);
        if (mask != null) {
            dLdp.muli(mask);
        }
        return activationFn.backprop(preOutput.dup(), dLdp).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
            INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    private static INDArray probabilities(INDArray preOutput, IActivation activationFn) {
        return activationFn.getActivation(preOutput.dup(), false);
    }

    @Override
    public String name() {
        return "dice_bce";
    }

    @Override
    public String toString() {
        return "DiceBceLoss()";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiceBceLoss;
    }

    @Override
    public int hashCode() {
        return DiceBceLoss.class.hashCode();
    }
}
