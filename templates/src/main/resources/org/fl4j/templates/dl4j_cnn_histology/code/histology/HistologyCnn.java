package histology;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fl4j.dl4j.ModelBuilder;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small CNN for RGB histology tiles (8 tissue classes): three 3x3 convolution blocks (16, 32, 64 filters,
 * each followed by 2x2 max pooling), global average pooling (so tiles of any size fit: set
 * data_loader.settings.image_size), a dense layer of 64 and a softmax over the classes. The plan names this
 * class (task_runner.settings.model_class: histology.HistologyCnn); collaborators compile it from code/.
 * For a data set with another number of classes change CLASSES.
 */
public class HistologyCnn implements ModelBuilder {

    static final int CLASSES = 8;

    @Override
    public Model build(long seed) {
        return new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(3e-3))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list()
                .layer(conv("conv1", 16))
                .layer(pool("pool1"))
                .layer(conv("conv2", 32))
                .layer(pool("pool2"))
                .layer(conv("conv3", 64))
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("gap").build())
                .layer(new DenseLayer.Builder().name("fc").nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3))
                .build());
    }

    @Override
    public int[] inputShape() {
        return new int[] {3, -1, -1};
    }

    private static ConvolutionLayer conv(String name, int filters) {
        return new ConvolutionLayer.Builder(3, 3).name(name).nOut(filters).activation(Activation.RELU).build();
    }

    private static SubsamplingLayer pool(String name) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name(name).kernelSize(2, 2)
                .stride(2, 2).build();
    }
}
