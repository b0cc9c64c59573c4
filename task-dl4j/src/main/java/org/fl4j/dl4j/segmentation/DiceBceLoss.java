package org.fl4j.dl4j.segmentation;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Soft Dice plus binary cross-entropy for one sigmoid output channel, meant for a {@code CnnLossLayer} (which
 * hands a loss function one row per pixel). With {@code z} the logits, {@code p = sigmoid(z)} and {@code y} the
 * mask over the {@code R} pixels of a minibatch, the loss is {@code mean(BCE(z, y)) + 1 - dice} where
 * {@code dice = (2 sum(p y) + eps) / (sum(p) + sum(y) + eps)}. Dice is a property of the whole minibatch,
 * not a sum over pixels, so DL4J's per-row conventions are met like this: the un-averaged score is
 * {@code R * loss}, and the gradient is {@code R} times the loss's gradient per pixel; DL4J then divides by the
 * number of images, which scales the whole gradient by the pixels per image (Adam does not mind a constant
 * scale).
 *
 * <p>Both are computed from the logits, not from the probabilities: the cross-entropy as
 * {@code max(z, 0) - z y + log(1 + e^-|z|)} and its gradient as {@code p - y}. Going through the probabilities
 * (a clipped log, divided by {@code p (1 - p)}, then multiplied by the sigmoid's derivative) makes the gradient
 * vanish once a pixel's logit saturates: a network that once predicted "no tumour" with confidence then never
 * recovered (the U-Net template stayed at Dice 0 for whole federations).
 */
public final class DiceBceLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;
    static final double EPS = 1.0;
    private static final double CLIP = 1e-7;

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        sigmoid(activationFn);
        INDArray p = Transforms.sigmoid(preOutput, true);
        double loss = crossEntropy(labels, preOutput).meanNumber().doubleValue() + 1 - dice(labels, p);
        return average ? loss : loss * labels.length();
    }

    /**
     * {@code mean(BCE) + 1 - dice} of probabilities {@code p} against {@code y} (what a validation computes from
     * a network's output; the log is clipped at 1e-7).
     */
    public static double meanLoss(INDArray y, INDArray p) {
        INDArray clipped = Transforms.max(Transforms.min(p, 1 - CLIP, true), CLIP, false);
        INDArray bce = y.mul(Transforms.log(clipped, true)).addi(y.rsub(1).muli(Transforms.log(clipped.rsub(1),
                false))).negi();
        return bce.meanNumber().doubleValue() + 1 - dice(y, p);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        sigmoid(activationFn);
        double dice = dice(labels, Transforms.sigmoid(preOutput, true));
        return crossEntropy(labels, preOutput).addi(1 - dice).sum(1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        sigmoid(activationFn);
        INDArray p = Transforms.sigmoid(preOutput, true);
        double rows = labels.length();
        double inter = p.mul(labels).sumNumber().doubleValue();
        double s = p.sumNumber().doubleValue() + labels.sumNumber().doubleValue() + EPS;
        // R d(1 - dice)/dp_i = R ((2 I + eps) - 2 y_i S) / S^2, through the sigmoid: times p_i (1 - p_i)
        INDArray dDice = labels.mul(-2 * s).addi(2 * inter + EPS).muli(rows / (s * s)).muli(p.mul(p.rsub(1)));
        // R d mean(BCE)/dz_i = p_i - y_i
        INDArray grad = p.sub(labels).addi(dDice);
        return mask == null ? grad : grad.muli(mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
            INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    /** Per-pixel {@code BCE(sigmoid(z), y) = max(z, 0) - z y + log(1 + e^-|z|)}, exact for any logit. */
    private static INDArray crossEntropy(INDArray y, INDArray z) {
        INDArray softplus = Transforms.log(Transforms.exp(Transforms.abs(z, true).negi(), false).addi(1), false);
        return Transforms.relu(z, true).subi(z.mul(y)).addi(softplus);
    }

    private static double dice(INDArray y, INDArray p) {
        double inter = p.mul(y).sumNumber().doubleValue();
        return (2 * inter + EPS) / (p.sumNumber().doubleValue() + y.sumNumber().doubleValue() + EPS);
    }

    private static void sigmoid(IActivation activationFn) {
        if (!(activationFn instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("DiceBceLoss works on one sigmoid output: its layer's activation is "
                    + activationFn + "; use Activation.SIGMOID");
        }
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
