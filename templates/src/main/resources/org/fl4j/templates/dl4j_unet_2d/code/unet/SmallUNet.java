package unet;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fl4j.dl4j.ModelBuilder;
import org.fl4j.dl4j.segmentation.DiceBceLoss;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A small 2D U-Net for binary segmentation: three levels (FILTERS, 2x and 4x as many filters), each two 3x3
 * convolutions; 2x2 max pooling down, 2x2 stride-2 transposed convolutions up, the encoder's features
 * concatenated at each level (the U's skip connections); a 1x1 convolution to one sigmoid channel, trained
 * with soft Dice plus binary cross-entropy, Adam 1e-3. Leaky ReLUs: with plain ReLUs a run could fall into the
 * all-background solution (tumours are about 1% of the pixels) with every unit dead and never leave it.
 * DL4J's zoo U-Net (64 to 1024 filters, 31 M parameters) is far
 * larger than a 2-core demo can train. Images of any size divisible by 4 fit; the channels come from the
 * data (CHANNELS: set it to the number of modalities).
 */
public class SmallUNet implements ModelBuilder {

    static final int FILTERS = 8;
    static final int CHANNELS = 1;

    @Override
    public Model build(long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("image");
        block(g, "enc1", "image", FILTERS);
        g.addLayer("down1", pool(), "enc1_b");
        block(g, "enc2", "down1", 2 * FILTERS);
        g.addLayer("down2", pool(), "enc2_b");
        block(g, "bottom", "down2", 4 * FILTERS);
        g.addLayer("up2", up(2 * FILTERS), "bottom_b");
        g.addVertex("skip2", new MergeVertex(), "up2", "enc2_b");
        block(g, "dec2", "skip2", 2 * FILTERS);
        g.addLayer("up1", up(FILTERS), "dec2_b");
        g.addVertex("skip1", new MergeVertex(), "up1", "enc1_b");
        block(g, "dec1", "skip1", FILTERS);
        g.addLayer("logits", new ConvolutionLayer.Builder(1, 1).nOut(1).activation(Activation.IDENTITY).build(),
                "dec1_b");
        g.addLayer("mask", new CnnLossLayer.Builder().lossFunction(new DiceBceLoss())
                .activation(Activation.SIGMOID).build(), "logits");
        g.setOutputs("mask");
        g.setInputTypes(InputType.convolutional(64, 64, CHANNELS));
        return new ComputationGraph(g.build());
    }

    @Override
    public int[] inputShape() {
        return new int[] {CHANNELS, -1, -1};
    }

    private static void block(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int filters) {
        g.addLayer(name + "_a", conv(filters), input);
        g.addLayer(name + "_b", conv(filters), name + "_a");
    }

    private static ConvolutionLayer conv(int filters) {
        return new ConvolutionLayer.Builder(3, 3).nOut(filters).activation(Activation.LEAKYRELU).build();
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static Deconvolution2D up(int filters) {
        return new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(filters).activation(Activation.LEAKYRELU).build();
    }
}
