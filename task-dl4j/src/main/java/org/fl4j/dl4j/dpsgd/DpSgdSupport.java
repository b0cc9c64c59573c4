package org.fl4j.dl4j.dpsgd;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.fl4j.dl4j.Network;

/**
 * Which networks DP-SGD can train without breaking the per-example bound: layers whose parameters DL4J
 * updates from batch statistics rather than gradients (BatchNormalization's running mean and variance,
 * CenterLossOutputLayer's centres) would carry the records into the model unclipped and without noise, and
 * batch normalisation mixes the examples of a batch in the forward pass too; DL4J's own gradient
 * normalisation would rescale the noisy step per layer behind the accountant's back. Each is refused
 * naming the layer.
 */
public final class DpSgdSupport {

    private DpSgdSupport() {
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the first layer DP-SGD cannot train.
     */
    public static void check(Network network) {
        Layer[] layers = network.layers();
        for (int i = 0; i < layers.length; i++) {
            Layer layer = layers[i];
            var conf = layer.conf() == null ? null : layer.conf().getLayer();
            String type = conf == null ? layer.getClass().getSimpleName() : conf.getClass().getSimpleName();
            String name = "layer '" + network.layerName(i) + "' (" + type + ")";
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                throw new IllegalArgumentException(name + " normalises over the batch, which mixes the examples"
                        + " DP-SGD must keep apart, and learns running statistics from the records without noise:"
                        + " record-level differential privacy cannot train it (use a model without batch"
                        + " normalisation, or layer normalisation)");
            }
            for (String param : layer.paramTable().keySet()) {
                if (!layer.updaterDivideByMinibatch(param)) {
                    throw new IllegalArgumentException(name + " updates its parameter '" + param + "' from batch"
                            + " statistics rather than gradients, which DP-SGD cannot clip or noise: record-level"
                            + " differential privacy cannot train it");
                }
            }
            if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b && b.getGradientNormalization() != null
                    && b.getGradientNormalization() != GradientNormalization.None) {
                throw new IllegalArgumentException(name + " has gradient normalization "
                        + b.getGradientNormalization() + ", which would rescale DP-SGD's noisy step per layer: remove"
                        + " it (DP-SGD clips each example's gradient itself, to privacy.settings.clip_norm)");
            }
        }
    }
}
