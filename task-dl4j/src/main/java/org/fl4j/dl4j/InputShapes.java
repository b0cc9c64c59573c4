package org.fl4j.dl4j;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.fl4j.collaborator.data.DataException;

/** What shape a network takes one sample in, and how a data set's samples are fed to it. */
final class InputShapes {

    private InputShapes() {
    }

    /**
     * The input of a sequential network without the batch dimension: {@code [n]} for a dense first layer or
     * a flat-image preprocessor, {@code [channels, -1, -1]} for a convolutional first layer; {@code null} if
     * unknown.
     */
    static int[] of(MultiLayerConfiguration conf) {
        InputPreProcessor pre = conf.getInputPreProcess(0);
        if (pre instanceof FeedForwardToCnnPreProcessor p) {
            return new int[] {Math.toIntExact(p.getInputHeight() * p.getInputWidth() * p.getNumChannels())};
        }
        Layer first = conf.getConf(0).getLayer();
        if (first instanceof ConvolutionLayer c) {
            return new int[] {Math.toIntExact(c.getNIn()), -1, -1};
        }
        if (first instanceof SubsamplingLayer) {
            return null;
        }
        if (first instanceof FeedForwardLayer f && f.getNIn() > 0) {
            return new int[] {Math.toIntExact(f.getNIn())};
        }
        return null;
    }

    /**
     * The shape each sample of the data is fed in: the model's input shape with open sizes taken from the
     * data (a 2D image {@code [h, w]} into {@code [1, -1, -1]} becomes {@code [1, h, w]}). Samples whose size
     * does not fit the model are an error naming both.
     */
    static int[] resolve(int[] modelInput, int[] sample, String dataSource, String modelSource)
            throws DataException {
        int sampleSize = Arrays.stream(sample).reduce(1, (a, b) -> a * b);
        if (modelInput == null) {
            return sample;
        }
        int[] shape = modelInput.clone();
        boolean open = Arrays.stream(shape).anyMatch(d -> d < 0);
        if (open) {
            int[] tail = sample.length == shape.length ? sample
                    : sample.length == shape.length - 1 && shape[0] == 1 ? prepend(1, sample) : null;
            if (tail == null) {
                throw misfit(sample, modelInput, dataSource, modelSource);
            }
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                    shape[i] = tail[i];
                } else if (shape[i] != tail[i]) {
                    throw misfit(sample, modelInput, dataSource, modelSource);
                }
            }
        }
        int modelSize = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (modelSize != sampleSize) {
            throw misfit(sample, modelInput, dataSource, modelSource);
        }
        return shape;
    }

    private static int[] prepend(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    static DataException misfit(int[] sample, int[] modelInput, String dataSource, String modelSource) {
        return new DataException(dataSource + ": samples of shape " + Arrays.toString(sample) + " ("
                + Arrays.stream(sample).reduce(1, (a, b) -> a * b) + " values) do not fit the model " + modelSource
                + ", which takes inputs of shape " + Arrays.toString(modelInput).replace("-1", "?"));
    }
}
