package org.fl4j.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The Keras {@code .h5} fixtures that {@code src/test/python/make_keras_h5.py} writes (Keras 2's
 * {@code model.save} layout, produced with h5py), what the script recorded about them in
 * {@code keras_cnn_mnist.expected.json}, and the layout conversions from Keras arrays to fl4j tensors spelled
 * out index by index (independently of the main code's ND4J permutes).
 */
final class KerasH5Fixtures {

    static final String DIR = "org/fl4j/dl4j/keras/";
    static final String CNN = DIR + "keras_cnn_mnist.h5";
    static final String CNN_CONFIG_ONLY = DIR + "keras_cnn_mnist_config_only.h5";
    static final String LAMBDA = DIR + "keras_lambda.h5";
    static final String UNIT_NORMALIZATION = DIR + "keras_unit_normalization.h5";
    static final String WEIGHTS_ONLY = DIR + "keras_weights_only.h5";
    static final String KERAS3 = DIR + "keras3_dense.h5";
    static final String FUNCTIONAL = DIR + "keras_functional_dense.h5";

    private KerasH5Fixtures() {
    }

    /** The script's record: per Keras weight its name, shape, sum and sampled values; the NumPy softmax outputs. */
    static JsonNode expected() throws IOException {
        return json("keras_cnn_mnist.expected.json");
    }

    /** The functional model's weights as the script wrote them: Keras name to nested lists of values. */
    static JsonNode functionalWeights() throws IOException {
        return json("keras_functional_dense.expected.json");
    }

    private static JsonNode json(String name) throws IOException {
        try (InputStream in = KerasH5Fixtures.class.getClassLoader().getResourceAsStream(DIR + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Every weight of the file's {@code model_weights} group, in Keras layout, read with DL4J's HDF5 reader. */
    static Map<String, INDArray> kerasWeights(Path h5) throws Exception {
        Map<String, INDArray> out = new LinkedHashMap<>();
        Hdf5Archive archive = new Hdf5Archive(h5.toString());
        try {
            for (JsonNode w : expected().get("weights")) {
                String name = w.get("name").asText();
                String layer = name.substring(0, name.indexOf('/'));
                out.put(name, archive.readDataSet(name.substring(name.indexOf('/') + 1), "model_weights", layer,
                        layer));
            }
        } finally {
            archive.close();
        }
        return out;
    }

    /**
     * The fl4j tensors (row-major values by {@code <layer>/<param>}) that keras_cnn_mnist's Keras weights become
     * once imported in NCHW: Conv2D kernels {@code [kh, kw, in, out] -> [out, in, kh, kw]}, and the rows of the
     * Dense kernel after Flatten from Keras' height-width-channel order to channel-height-width (5 x 5 x 32).
     */
    static Map<String, float[]> asFl4jTensors(Map<String, INDArray> keras) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : keras.entrySet()) {
            String layer = e.getKey().substring(0, e.getKey().indexOf('/'));
            INDArray a = e.getValue();
            if (e.getKey().endsWith("/bias:0")) {
                out.put(layer + "/b", a.dup('c').data().asFloat());
            } else if (a.rank() == 4) {
                out.put(layer + "/W", convKernel(a));
            } else if (layer.equals("dense")) {
                out.put(layer + "/W", denseAfterFlatten(a, 5, 5, 32));
            } else {
                out.put(layer + "/W", a.dup('c').data().asFloat());
            }
        }
        return out;
    }

    private static float[] convKernel(INDArray k) {
        int kh = (int) k.size(0);
        int kw = (int) k.size(1);
        int in = (int) k.size(2);
        int out = (int) k.size(3);
        float[] v = new float[kh * kw * in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        v[((o * in + i) * kh + y) * kw + x] = k.getFloat(y, x, i, o);
                    }
                }
            }
        }
        return v;
    }

    private static float[] denseAfterFlatten(INDArray k, int h, int w, int c) {
        int units = (int) k.size(1);
        float[] v = new float[h * w * c * units];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int j = 0; j < units; j++) {
                        v[((ch * h + y) * w + x) * units + j] = k.getFloat((y * w + x) * c + ch, j);
                    }
                }
            }
        }
        return v;
    }
}
