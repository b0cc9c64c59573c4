package org.fl4j.protocol.rpc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;

/**
 * The aggregator side for protocol tests: serves one model, and rebuilds uploaded tensors so tests can
 * compare them with what was sent. Records every sink event.
 */
final class RecordingHandler implements FederationHandler {

    final ModelWeights model;
    final long round;
    final List<String> events = new ArrayList<>();
    final Map<String, ModelWeights> received = new ConcurrentHashMap<>();
    /** Leases on the model that streams have not released yet. */
    final AtomicInteger leases = new AtomicInteger();
    volatile CompletableFuture<TasksOutcome> nextTasks = new CompletableFuture<>();
    /** Tasks whose results were refused earlier this round, with the reason: their resends are refused. */
    final Map<String, String> refused = new ConcurrentHashMap<>();
    /** What the next sinks' {@code ready()} returns. */
    volatile CompletableFuture<Void> sinkReady = CompletableFuture.completedFuture(null);
    /** The pipeline models are sent through (null: raw). */
    volatile org.fl4j.protocol.codec.Pipeline download;
    /** Earlier rounds' models kept for download deltas, by round. */
    final Map<Long, ModelWeights> held = new ConcurrentHashMap<>();

    RecordingHandler(ModelWeights model, long round) {
        this.model = model;
        this.round = round;
    }

    @Override
    public CompletableFuture<TasksOutcome> tasks(String collaborator) {
        synchronized (events) {
            events.add("tasks " + collaborator);
        }
        return nextTasks;
    }

    @Override
    public ModelLease model(String collaborator, long round) {
        if (round != this.round) {
            throw FederationException.stale("round " + round + " is over");
        }
        leases.incrementAndGet();
        return ModelLease.of(model, leases::decrementAndGet);
    }

    @Override
    public ModelLease heldModel(String collaborator, long round, long heldRound) {
        ModelWeights m = held.get(heldRound);
        if (m == null) {
            return null;
        }
        leases.incrementAndGet();
        return ModelLease.of(m, leases::decrementAndGet);
    }

    @Override
    public ResultSink results(String collaborator, ResultHeader header) {
        synchronized (events) {
            events.add("open " + collaborator + " " + header.task());
        }
        if (received.containsKey(header.task())) {
            return ResultSink.DUPLICATE;
        }
        if (refused.containsKey(header.task())) {
            throw FederationException.taskFailed("the result of " + header.task() + " was refused earlier this round ("
                    + refused.get(header.task()) + ")");
        }
        List<float[]> arrays = new ArrayList<>();
        header.tensors().forEach(s -> arrays.add(new float[Math.toIntExact(s.elementCount())]));
        CompletableFuture<Void> ready = sinkReady;
        return new ResultSink() {
            private boolean chunked;

            @Override
            public java.util.concurrent.CompletionStage<Void> ready() {
                return ready;
            }

            @Override
            public void accept(int tensorIndex, int offset, ByteBuffer values) {
                if (!chunked) {
                    chunked = true;
                    synchronized (events) {
                        events.add("first chunk " + header.task());
                    }
                }
                var floats = values.asFloatBuffer();
                floats.get(arrays.get(tensorIndex), offset, floats.remaining());
            }

            @Override
            public ModelWeights deltaBase(long base) {
                if (base != round) {
                    throw FederationException.invalid("a delta against round " + base + ": this aggregator holds the"
                            + " model of round " + round);
                }
                return model;
            }

            @Override
            public void complete() {
                List<Tensor> tensors = new ArrayList<>();
                for (int i = 0; i < arrays.size(); i++) {
                    tensors.add(new Tensor(header.tensors().get(i).name(), header.tensors().get(i).shape(),
                            arrays.get(i)));
                }
                received.put(header.task(), new ModelWeights(tensors));
                synchronized (events) {
                    events.add("complete " + header.task());
                }
            }

            @Override
            public void abort(String reason) {
                synchronized (events) {
                    events.add("abort " + header.task());
                }
            }
        };
    }

    @Override
    public org.fl4j.protocol.codec.Pipeline downloadPipeline() {
        return download;
    }

    @Override
    public FederationStatus status(String collaborator) {
        return new FederationStatus(round, 10);
    }

    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
