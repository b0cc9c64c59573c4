#!/usr/bin/env python3
"""Writes the Keras 2 HDF5 test fixtures of task-dl4j without TensorFlow.

Provenance. TensorFlow is not available where fl4j is built, so these files are written with h5py in the
layout that Keras 2.x ``model.save("model.h5")`` produces (keras/saving/legacy/hdf5_format.py,
``save_model_to_hdf5`` and ``save_weights_to_hdf5_group``, Keras 2.13 to 2.15):

* root attributes, in this order: ``keras_version`` and ``backend`` as Python ``str`` (h5py 3 stores them as
  variable-length UTF-8 strings), ``model_config`` and ``training_config`` as ``json.dumps(...).encode()``
  (``bytes``: variable-length ASCII strings). ``model_config`` is ``{"class_name": ..., "config": model.get_config()}``;
  Keras 2.13+ writes initializers with ``module`` and ``registered_name`` keys, and so do we.
* group ``model_weights`` with attributes ``layer_names`` (a NumPy array of byte strings, hence fixed-length
  strings, in layer order), ``backend`` and ``keras_version`` (``bytes``); one group per layer in name order,
  each with the attribute ``weight_names`` (such as ``conv2d/kernel:0``; an empty float64 array for layers
  without weights) and one float32 dataset per weight at ``model_weights/<layer>/<layer>/kernel:0``; and an
  empty ``top_level_model_weights`` group.
* Keras kernel layouts: Conv2D ``[kernel_h, kernel_w, in_channels, filters]``, Dense ``[in, units]``.

Not written: ``optimizer_weights`` (Adam's state; DL4J's import does not read it).

Weights are seeded random values, not trained ones: kernels Glorot-uniform, biases uniform in [-0.1, 0.1]
(non-zero, so that a misplaced bias shows). The files:

* ``keras_cnn_mnist.h5``: the keras_cnn_mnist template's model configuration (templates module,
  ``keras_cnn_mnist/code/keras_cnn_mnist.json``) compiled with Adam and categorical cross-entropy, with
  weights. ``keras_cnn_mnist.expected.json`` holds what the tests compare with: per weight its Keras name,
  shape, float64 sum and a few values at given Keras indices; and the softmax outputs of an independent
  NumPy forward pass (float64) on the first validation digits of fl4j's embedded MNIST (pixels / 255).
* ``keras_cnn_mnist_config_only.h5``: the root attributes ``keras_version``, ``backend`` and
  ``model_config`` only, no ``model_weights`` group (Keras itself always writes weights; other tools that
  export an architecture do not).
* ``keras_lambda.h5`` and ``keras_unit_normalization.h5``: a small dense model (8 inputs, Dense 4, then a
  ``Lambda`` layer or a ``UnitNormalization`` layer, then Dense 2 softmax) that DL4J cannot import.
* ``keras_weights_only.h5``: Keras 2's ``model.save_weights("w.h5")`` layout (the ``model_weights``
  content at the root, no ``model_config``) of a Dense 4, Dense 2 model.
* ``keras_functional_dense.h5``: a functional model (class ``Functional``, as Keras 2.4+ names it): Input 8,
  Dense 4 relu, Dense 2 softmax, with weights; ``keras_functional_dense.expected.json`` lists them in full.
* ``keras3_dense.h5``: the layout of Keras 3.3's legacy ``model.save("model.h5")`` for an uncompiled Dense 4,
  Dense 2 model: ``keras_version`` 3.3.3, an InputLayer with ``batch_shape``, weights named ``dense/kernel``.

Run from anywhere (needs h5py and NumPy, e.g. Debian's python3-h5py): ``python3 make_keras_h5.py``. The
output is byte-for-byte reproducible for a given version of this script (the Lambda layer's marshalled code
records its line number). The tests read the committed files only; CI needs neither Python nor h5py.
"""

import base64
import gzip
import json
import marshal
import pathlib

import h5py
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2].parent
TEMPLATE = REPO / "templates/src/main/resources/org/fl4j/templates/keras_cnn_mnist/code/keras_cnn_mnist.json"
MNIST = REPO / "collaborator/src/main/resources/org/fl4j/collaborator/data/mnist"
OUT = REPO / "task-dl4j/src/test/resources/org/fl4j/dl4j/keras"

KERAS_VERSION = "2.15.0"
BACKEND = "tensorflow"
SEED = 20240611
DIGITS = 6


def with_registered_initializers(node):
    """Adds Keras 2.13+'s module/registered_name keys to every initializer dict of a layer config."""
    if isinstance(node, list):
        return [with_registered_initializers(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.endswith("_initializer") and isinstance(value, dict):
            out[key] = {"module": "keras.initializers", "class_name": value["class_name"],
                        "config": value["config"], "registered_name": None}
        else:
            out[key] = with_registered_initializers(value)
    return out


def training_config():
    """What Keras 2.15 writes for compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])."""
    return {
        "loss": "categorical_crossentropy",
        "metrics": [[{"class_name": "MeanMetricWrapper",
                      "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]],
        "weighted_metrics": None,
        "loss_weights": None,
        "optimizer_config": {"class_name": "Custom>Adam", "config": {
            "name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
            "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None, "jit_compile": False,
            "is_legacy_optimizer": False, "learning_rate": 0.0010000000474974513, "beta_1": 0.9,
            "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}},
    }


def write_attributes(f, model_config, with_training):
    f.attrs["keras_version"] = KERAS_VERSION
    f.attrs["backend"] = BACKEND
    f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
    if with_training:
        f.attrs["training_config"] = json.dumps(training_config()).encode("utf8")


def write_weights(group, layers, keras_version=KERAS_VERSION, suffix=":0"):
    """Keras' save_weights_to_hdf5_group. layers: [(layer name, [(weight name, float32 array), ...]), ...] in
    the model's layer order; Keras 2 names a weight <layer>/<weight>:0, Keras 3 <layer>/<weight>."""
    group.attrs["layer_names"] = np.asarray([name.encode("utf8") for name, _ in layers])
    group.attrs["backend"] = BACKEND.encode("utf8")
    group.attrs["keras_version"] = keras_version.encode("utf8")
    for name, weights in sorted(layers, key=lambda layer: layer[0]):
        write_subset(group.create_group(name), [(f"{name}/{w}{suffix}", v) for w, v in weights])
    write_subset(group.create_group("top_level_model_weights"), [])


def write_subset(group, weights):
    group.attrs["weight_names"] = np.asarray([n.encode("utf8") for n, _ in weights])
    for name, value in weights:
        group.create_dataset(name.encode("utf8"), value.shape, dtype=value.dtype)[:] = value


def glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)


def bias(rng, n):
    return rng.uniform(-0.1, 0.1, size=n).astype(np.float32)


def cnn_weights(rng):
    def conv(kh, kw, cin, cout):
        return [("kernel", glorot(rng, (kh, kw, cin, cout), kh * kw * cin, kh * kw * cout)), ("bias", bias(rng, cout))]

    def dense(n_in, n_out):
        return [("kernel", glorot(rng, (n_in, n_out), n_in, n_out)), ("bias", bias(rng, n_out))]

    return [("conv2d", conv(4, 4, 1, 16)), ("conv2d_1", conv(4, 4, 16, 32)), ("flatten", []),
            ("dense", dense(800, 100)), ("dense_1", dense(100, 10))]


def conv2d_valid(x, kernel, b, stride):
    """x [n, h, w, c], kernel [kh, kw, c, o]: channels-last valid convolution with a square stride."""
    kh, kw, _, out = kernel.shape
    oh = (x.shape[1] - kh) // stride + 1
    ow = (x.shape[2] - kw) // stride + 1
    y = np.zeros((x.shape[0], oh, ow, out))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            y[:, i, j, :] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return y + b


def forward(weights, x):
    w = {name: dict(ws) for name, ws in weights}
    relu = lambda a: np.maximum(a, 0.0)
    h = relu(conv2d_valid(x, w["conv2d"]["kernel"].astype(np.float64), w["conv2d"]["bias"], 2))
    h = relu(conv2d_valid(h, w["conv2d_1"]["kernel"].astype(np.float64), w["conv2d_1"]["bias"], 2))
    h = h.reshape(h.shape[0], -1)  # Keras' Flatten of channels_last: height, width, channel order
    h = relu(h @ w["dense"]["kernel"].astype(np.float64) + w["dense"]["bias"])
    z = h @ w["dense_1"]["kernel"].astype(np.float64) + w["dense_1"]["bias"]
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def first_validation_digits(n):
    with gzip.open(MNIST / "t10k-images-idx3-ubyte.gz") as f:
        raw = f.read()
    assert int.from_bytes(raw[0:4], "big") == 0x00000803
    rows, cols = int.from_bytes(raw[8:12], "big"), int.from_bytes(raw[12:16], "big")
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16, count=n * rows * cols)
    return pixels.reshape(n, rows, cols, 1).astype(np.float32) / np.float32(255)


def sample_indices(rng, shape, count=5):
    return [[int(rng.integers(0, s)) for s in shape] for _ in range(count)]


def write_cnn(rng):
    template = json.loads(TEMPLATE.read_text())
    model_config = {"class_name": template["class_name"], "config": with_registered_initializers(template["config"])}
    weights = cnn_weights(rng)
    with h5py.File(OUT / "keras_cnn_mnist.h5", "w") as f:
        write_attributes(f, model_config, with_training=True)
        write_weights(f.create_group("model_weights"), weights)
    with h5py.File(OUT / "keras_cnn_mnist_config_only.h5", "w") as f:
        write_attributes(f, model_config, with_training=False)

    expected = {"weights": [], "digits": {"source": "embedded MNIST t10k-images-idx3-ubyte, first samples, / 255",
                                          "count": DIGITS}}
    for layer, ws in weights:
        for name, value in ws:
            idx = sample_indices(rng, value.shape)
            expected["weights"].append({
                "name": f"{layer}/{name}:0", "shape": list(value.shape), "sum": float(value.astype(np.float64).sum()),
                "samples": [{"index": i, "value": float(value[tuple(i)])} for i in idx]})
    expected["digits"]["softmax"] = forward(weights, first_validation_digits(DIGITS).astype(np.float64)).tolist()
    (OUT / "keras_cnn_mnist.expected.json").write_text(json.dumps(expected, indent=1) + "\n")


def dense_layer(name, units, activation):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
        "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}}


def small_model(name, odd_layer):
    layers = [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "input"}},
        dense_layer("dense", 4, "relu"), odd_layer, dense_layer("dense_1", 2, "softmax")]
    return {"class_name": "Sequential", "config": {"name": name, "layers": with_registered_initializers(layers)}}


def lambda_layer():
    code = (lambda x: x * 2.0).__code__  # serialised the way Keras' func_dump does: marshal, then base64
    return {"class_name": "Lambda", "config": {
        "name": "double", "trainable": True, "dtype": "float32",
        "function": [base64.encodebytes(marshal.dumps(code)).decode("ascii"), None, None],
        "function_type": "lambda", "module": "__main__", "output_shape": None, "output_shape_type": "raw",
        "output_shape_module": None, "arguments": {}}}


def unit_normalization_layer():
    return {"class_name": "UnitNormalization", "config": {
        "name": "unit_normalization", "trainable": True, "dtype": "float32", "axis": -1}}


def write_small(rng, file, odd_layer):
    odd_name = odd_layer["config"]["name"]
    dense, dense_1 = small_weights(rng)
    weights = [dense, (odd_name, []), dense_1]
    with h5py.File(OUT / file, "w") as f:
        write_attributes(f, small_model(file.removesuffix(".h5"), odd_layer), with_training=True)
        write_weights(f.create_group("model_weights"), weights)


def small_weights(rng):
    return [("dense", [("kernel", glorot(rng, (8, 4), 8, 4)), ("bias", bias(rng, 4))]),
            ("dense_1", [("kernel", glorot(rng, (4, 2), 4, 2)), ("bias", bias(rng, 2))])]


def write_weights_only(rng):
    """model.save_weights("w.h5") of Keras 2: the weights layout at the file's root, no model_config."""
    with h5py.File(OUT / "keras_weights_only.h5", "w") as f:
        write_weights(f, small_weights(rng))


def write_functional(rng):
    """A functional Keras 2.15 model (class_name "Functional"): Input 8, Dense 4 relu, Dense 2 softmax."""
    layers = [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "input"},
         "name": "input", "inbound_nodes": []},
        {**dense_layer("dense", 4, "relu"), "name": "dense", "inbound_nodes": [[["input", 0, 0, {}]]]},
        {**dense_layer("dense_1", 2, "softmax"), "name": "dense_1", "inbound_nodes": [[["dense", 0, 0, {}]]]}]
    config = {"class_name": "Functional", "config": {
        "name": "keras_functional_dense", "trainable": True, "layers": with_registered_initializers(layers),
        "input_layers": [["input", 0, 0]], "output_layers": [["dense_1", 0, 0]]}}
    weights = small_weights(rng)
    with h5py.File(OUT / "keras_functional_dense.h5", "w") as f:
        write_attributes(f, config, with_training=True)
        write_weights(f.create_group("model_weights"), [("input", [])] + weights)
    return weights


def write_keras3(rng):
    """Keras 3.3's legacy model.save("model.h5") of a Dense 4, Dense 2 model (weights named dense/kernel)."""
    layer = lambda name, units, activation: {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
        "use_bias": True,
        "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                               "config": {"seed": None}, "registered_name": None},
        "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                             "registered_name": None},
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None}}
    config = {"class_name": "Sequential", "config": {
        "name": "keras3_dense", "trainable": True, "dtype": "float32",
        "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [None, 8], "dtype": "float32",
                                                           "sparse": False, "name": "input_layer"}},
                   layer("dense", 4, "relu"), layer("dense_1", 2, "softmax")],
        "build_input_shape": [None, 8]}}
    with h5py.File(OUT / "keras3_dense.h5", "w") as f:
        f.attrs["keras_version"] = "3.3.3"
        f.attrs["backend"] = BACKEND
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        write_weights(f.create_group("model_weights"), small_weights(rng), keras_version="3.3.3", suffix="")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    write_cnn(rng)
    write_small(rng, "keras_lambda.h5", lambda_layer())
    write_small(rng, "keras_unit_normalization.h5", unit_normalization_layer())
    write_weights_only(rng)
    write_keras3(rng)
    functional = write_functional(rng)
    (OUT / "keras_functional_dense.expected.json").write_text(json.dumps(
        {f"{layer}/{name}:0": value.tolist() for layer, ws in functional for name, value in ws}, indent=1) + "\n")
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(REPO)}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
