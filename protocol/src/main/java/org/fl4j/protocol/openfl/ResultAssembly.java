package org.fl4j.protocol.openfl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.rpc.ResultSink;
import org.fl4j.protocol.rpc.TensorSpec;

/**
 * Turns the events of one OpenFL {@code TaskResults} into an fl4j result: metric tensors (tagged
 * {@code metric}, one value each) become the result's metrics, {@code data_size} its sample count, and the
 * model tensors of a training task (tagged {@code trained}) are passed to the handler's {@link ResultSink} as
 * their bytes arrive, placed by name in the round's model, whatever their order. The sink is opened at the first
 * model tensor (OpenFL sends the metrics first) or, for results with metrics only, at the end. A tensor tagged
 * {@code delta} is the change from the round's model, which is added back as it passes through.
 */
final class ResultAssembly {

    private static final int SCRATCH_VALUES = 1 << 14;

    /** Opens the sink for a result header; may say the result is already held. */
    interface Opener {
        ResultSink open(ResultHeader header);
    }

    private final OpenFlTask task;
    private final RoundModels.Held model;
    private final long round;
    private final long dataSize;
    private final Opener opener;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final boolean[] received;
    private ResultSink sink;
    private String tensorName;
    private int tensorIndex = -1;
    private boolean metric;
    private boolean delta;
    private long element;
    private final byte[] partial = new byte[4];
    private int partialLength;
    private ByteBuffer scratch;

    ResultAssembly(OpenFlTask task, RoundModels.Held model, long round, long dataSize, Opener opener) {
        this.task = task;
        this.model = model;
        this.round = round;
        this.dataSize = dataSize;
        this.opener = opener;
        this.received = new boolean[model.model().tensorCount()];
    }

    /** The sink, once opened (null before). */
    ResultSink sink() {
        return sink;
    }

    /** Starts a tensor; returns the sink when this opened it (the caller then waits for it to be ready). */
    ResultSink begin(TaskResultsReader.TensorBegin t) {
        tensorName = t.name();
        String what = "tensor '" + t.name() + "' of task " + task.name();
        if (t.name().isBlank()) {
            throw FederationException.invalid("a tensor of task " + task.name() + " has no name");
        }
        int[] shape = NamedTensors.shape(t.metadata(), t.tags(), what);
        long elements = Tensor.elementCount(shape);
        if (t.dataBytes() != 4 * elements) {
            throw FederationException.invalid(what + ": " + t.dataBytes() + " bytes of data for shape "
                    + NamedTensors.describe(shape) + ", which holds " + elements + " float32 values");
        }
        partialLength = 0;
        element = 0;
        metric = t.tags().contains("metric");
        if (metric) {
            if (elements != 1) {
                throw FederationException.invalid(what + ": a metric must be one value, found shape "
                        + NamedTensors.describe(shape));
            }
            if (sink != null) {
                throw FederationException.invalid(what + ": metric after the model tensors (fl4j takes OpenFL's"
                        + " order: metrics first)");
            }
            tensorIndex = -1;
            return null;
        }
        if (!task.returnsModel()) {
            throw FederationException.invalid("task " + task.name() + " (" + task.taskType()
                    + ") returns metrics only, found tensor '" + t.name() + "' tagged " + t.tags());
        }
        if (!t.tags().contains("trained")) {
            throw FederationException.invalid(what + " is tagged " + t.tags() + ": expected a metric or a trained"
                    + " model tensor");
        }
        delta = t.tags().contains("delta");
        tensorIndex = model.indexOf(t.name());
        if (tensorIndex < 0) {
            throw FederationException.invalid(what + " is not in the model of round " + round + " (its tensors: "
                    + RoundModels.names(model.model().tensors()) + ")");
        }
        Tensor mine = model.model().tensors().get(tensorIndex);
        if (!Arrays.equals(mine.shape(), shape)) {
            throw FederationException.invalid(what + " has shape " + NamedTensors.describe(shape)
                    + ", the model's is " + NamedTensors.describe(mine.shape()));
        }
        if (received[tensorIndex]) {
            throw FederationException.invalid(what + " appears twice");
        }
        received[tensorIndex] = true;
        if (sink == null) {
            sink = opener.open(header(TensorSpec.of(model.model())));
            return sink;
        }
        return null;
    }

    /** The next bytes of the current tensor. */
    void bytes(ByteBuffer data) {
        ByteBuffer b = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (metric) {
            while (b.hasRemaining()) {
                partial[partialLength++] = b.get();
            }
            return;
        }
        if (partialLength > 0) {
            while (partialLength < 4 && b.hasRemaining()) {
                partial[partialLength++] = b.get();
            }
            if (partialLength < 4) {
                return;
            }
            emit(ByteBuffer.wrap(partial).order(ByteOrder.LITTLE_ENDIAN));
            partialLength = 0;
        }
        int whole = b.remaining() & ~3;
        if (whole > 0) {
            ByteBuffer values = b.slice().order(ByteOrder.LITTLE_ENDIAN);
            values.limit(whole);
            emit(values);
            b.position(b.position() + whole);
        }
        while (b.hasRemaining()) {
            partial[partialLength++] = b.get();
        }
    }

    private void emit(ByteBuffer values) {
        int count = values.remaining() / 4;
        if (!delta) {
            sink.accept(tensorIndex, (int) element, values);
            element += count;
            return;
        }
        float[] base = model.model().tensors().get(tensorIndex).values();
        if (scratch == null) {
            scratch = ByteBuffer.allocate(SCRATCH_VALUES * 4).order(ByteOrder.LITTLE_ENDIAN);
        }
        while (values.hasRemaining()) {
            int n = Math.min(values.remaining() / 4, SCRATCH_VALUES);
            scratch.clear();
            for (int i = 0; i < n; i++) {
                scratch.putFloat(values.getFloat() + base[(int) element + i]);
            }
            scratch.flip();
            sink.accept(tensorIndex, (int) element, scratch);
            element += n;
        }
    }

    void end() {
        if (metric) {
            float v = ByteBuffer.wrap(partial).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            if (metrics.put(tensorName, (double) v) != null) {
                throw FederationException.invalid("metric '" + tensorName + "' of task " + task.name()
                        + " appears twice");
            }
        }
        tensorIndex = -1;
        metric = false;
    }

    /**
     * The stream ended: opens the sink of a metrics-only result, or checks every model tensor arrived. The
     * caller completes the sink once it is ready.
     */
    ResultSink finish() {
        if (sink != null) {
            List<Tensor> tensors = model.model().tensors();
            for (int i = 0; i < received.length; i++) {
                if (!received[i]) {
                    throw FederationException.invalid("the result of " + task.name() + ", round " + round
                            + " lacks model tensor '" + tensors.get(i).name() + "'");
                }
            }
            return sink;
        }
        if (task.returnsModel()) {
            throw FederationException.invalid("the result of " + task.name() + ", round " + round
                    + " carries no model tensors (a training task returns the trained model)");
        }
        sink = opener.open(header(List.of()));
        return sink;
    }

    private ResultHeader header(List<TensorSpec> tensors) {
        return new ResultHeader(round, task.name(), dataSize, metrics, tensors);
    }
}
