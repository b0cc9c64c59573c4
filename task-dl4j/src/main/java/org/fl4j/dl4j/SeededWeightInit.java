package org.fl4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.nn.weights.WeightInitReluUniform;
import org.deeplearning4j.nn.weights.WeightInitSigmoidUniform;
import org.deeplearning4j.nn.weights.WeightInitUniform;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws a network's initial weights from a Java generator seeded by the plan's seed, in place of ND4J's native
 * random ops. With ND4J 1.0.0-M2.1 on the CPU backend those ops do not repeat after
 * {@code Nd4j.getRandom().setSeed}: two draws of 80,000 uniforms after the same seed differ (with one thread too;
 * the CPU backend's RNG reproducibility problem is DL4J issue 5083), so one plan built two different round-0
 * models and two federations of one plan did not start from the same model. DL4J's parameter initialisers still
 * size every weight tensor and compute its fan-in and fan-out; during {@link #initialise} each layer's weight
 * init is wrapped by one that draws from a {@link SplittableRandom} instead, with the distribution of the init it
 * replaces: Xavier uniform U(+-sqrt(6 / (in + out))), Xavier N(0, sqrt(2 / (in + out))), ReLU (He)
 * N(0, sqrt(2 / in)), ReLU uniform U(+-sqrt(6 / in)), uniform U(+-1 / sqrt(in)) and sigmoid uniform
 * U(+-4 sqrt(6 / (in + out))). Other inits (constants, identity, variance scaling, distributions) run as DL4J's
 * own. The layers' configurations are restored afterwards. {@code SeededWeightInitTest} fails without this class.
 */
final class SeededWeightInit implements IWeightInit {

    private final IWeightInit original;
    private final SplittableRandom random;

    private SeededWeightInit(IWeightInit original, SplittableRandom random) {
        this.original = original;
        this.random = random;
    }

    /** Runs {@code init} (which initialises the network of {@code conf}) with every layer's weights seeded. */
    static <T> T initialise(Object conf, long seed, Supplier<T> init) {
        SplittableRandom random = new SplittableRandom(seed);
        List<BaseLayer> layers = new ArrayList<>();
        List<IWeightInit> originals = new ArrayList<>();
        for (NeuralNetConfiguration c : NetworkConfigs.layerConfs(conf)) {
            if (c.getLayer() instanceof BaseLayer bl && bl.getWeightInitFn() != null && seeds(bl.getWeightInitFn())) {
                layers.add(bl);
                originals.add(bl.getWeightInitFn());
                bl.setWeightInitFn(new SeededWeightInit(bl.getWeightInitFn(), random));
            }
        }
        try {
            return init.get();
        } finally {
            for (int i = 0; i < layers.size(); i++) {
                layers.get(i).setWeightInitFn(originals.get(i));
            }
        }
    }

    /** Whether this class draws {@code init}'s distribution (otherwise DL4J's own init runs). */
    static boolean seeds(IWeightInit init) {
        return init instanceof WeightInitXavierUniform || init instanceof WeightInitXavier
                || init instanceof WeightInitRelu || init instanceof WeightInitReluUniform
                || init instanceof WeightInitUniform || init instanceof WeightInitSigmoidUniform;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        int n = Math.toIntExact(paramView.length());
        float[] values = new float[n];
        if (original instanceof WeightInitXavier) {
            gaussian(values, Math.sqrt(2.0 / (fanIn + fanOut)));
        } else if (original instanceof WeightInitRelu) {
            gaussian(values, Math.sqrt(2.0 / fanIn));
        } else {
            uniform(values, original instanceof WeightInitXavierUniform ? Math.sqrt(6.0 / (fanIn + fanOut))
                    : original instanceof WeightInitReluUniform ? Math.sqrt(6.0 / fanIn)
                    : original instanceof WeightInitUniform ? 1.0 / Math.sqrt(fanIn)
                    : 4.0 * Math.sqrt(6.0 / (fanIn + fanOut)));
        }
        paramView.assign(Nd4j.createFromArray(values).reshape(paramView.shape()));
        return paramView.reshape(order, shape);
    }

    private void gaussian(float[] values, double std) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
    }

    private void uniform(float[] values, double bound) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-bound, bound);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeededWeightInit s && s.original.equals(original);
    }

    @Override
    public int hashCode() {
        return original.hashCode();
    }
}
