package org.fl4j.protocol.rpc;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.v1.ModelBegin;
import org.fl4j.protocol.v1.ModelChunk;

/**
 * One {@code GetModel} call on the collaborator: a {@code ModelBegin} that must name the round asked for, then
 * chunks checked for order and bounds and copied into the model's arrays as they arrive, straight from the
 * transport's buffers, which each message hands back before the next is asked for. {@link #model} completes
 * with the whole model, or with a {@link FederationException} (a bad reply, which also cancels the call) or the
 * call's failure status. gRPC calls the listener one callback at a time.
 *
 * <p>A tensor the caller offers an array for ({@code reusable}: same index, name and shape as the aggregator
 * announces) is downloaded into that array instead of a new one: a collaborator downloads each round's model
 * into the previous round's arrays, sparing its heap a model-sized allocation (and its collector the garbage)
 * every round. When the collaborator says which round that model is ({@code held}), the aggregator may send
 * differences to it (a delta), added to those arrays in place.
 */
final class ModelReceiver extends ClientCall.Listener<Received<ModelChunk>> {

    final CompletableFuture<ModelWeights> model = new CompletableFuture<>();
    private final ClientCall<?, ?> call;
    private final long round;
    private final WireLimits limits;
    private final HeaderCheck check;
    private final String aggregator;
    private final List<Tensor> reusable;
    private final OptionalLong held;
    private final java.util.function.LongConsumer bytes;
    private List<TensorSpec> specs;
    private List<float[]> arrays;
    private ChunkCursor cursor;

    ModelReceiver(ClientCall<?, ?> call, long round, WireLimits limits, HeaderCheck check, String aggregator,
            List<Tensor> reusable, OptionalLong held, java.util.function.LongConsumer bytes) {
        this.call = call;
        this.round = round;
        this.limits = limits;
        this.check = check;
        this.aggregator = aggregator;
        this.reusable = reusable;
        this.held = held;
        this.bytes = bytes;
    }

    @Override
    public void onMessage(Received<ModelChunk> received) {
        try (received) {
            if (model.isDone()) {
                return;
            }
            ModelChunk m = received.message();
            check.check(m.hasHeader(), m.getHeader(), "ModelChunk", aggregator);
            if (cursor == null) {
                begin(m);
            } else {
                chunk(received);
            }
            call.request(1);
        } catch (FederationException e) {
            model.completeExceptionally(e);
            call.cancel(e.getMessage(), e);
        }
    }

    private void begin(ModelChunk first) {
        if (!first.hasBegin()) {
            throw FederationException.invalid("GetModel: the first message must be a ModelBegin, found "
                    + first.getPartCase());
        }
        ModelBegin begin = first.getBegin();
        if (begin.getRound() != round) {
            throw FederationException.invalid("GetModel: asked for the model of round " + round + ", received round "
                    + begin.getRound());
        }
        specs = Codec.specs(begin.getTensorsList(), limits.maxModelBytes(), limits.chunkBytes(), "ModelBegin",
                AcceptedCodecs.PLAIN);
        arrays = new ArrayList<>(specs.size());
        Set<float[]> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec s = specs.get(i);
            Tensor old = i < reusable.size() ? reusable.get(i) : null;
            boolean reuse = old != null && s.sameLayout(old) && taken.add(old.values());
            arrays.add(reuse ? old.values() : new float[Math.toIntExact(s.elementCount())]);
        }
        cursor = new ChunkCursor(specs, limits.chunkBytes(), limits.maxModelBytes(), "model of round " + round,
                this::heldModel);
    }

    /**
     * The model a delta is taken against: the one this collaborator offered, of the round it holds. Its arrays
     * are the ones the delta is decoded into, each chunk's base values read before they are overwritten.
     */
    private List<Tensor> heldModel(long base) {
        if (held.isEmpty() || held.getAsLong() != base) {
            throw FederationException.invalid("GetModel: the model of round " + round + " came as a delta against"
                    + " round " + base + ", but this collaborator holds " + (held.isEmpty() ? "no earlier model"
                    : "the model of round " + held.getAsLong()));
        }
        return reusable;
    }

    private void chunk(Received<ModelChunk> received) {
        ModelChunk m = received.message();
        if (!m.hasChunk()) {
            throw FederationException.invalid("GetModel: expected a TensorChunk, found " + m.getPartCase());
        }
        received.data().forEach(b -> bytes.accept(b.remaining()));
        cursor.accept(m.getChunk(), received.data(), (tensor, element, values) -> values.asFloatBuffer()
                .get(arrays.get(tensor), element, values.remaining() / Float.BYTES));
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
        if (model.isDone()) {
            return;
        }
        if (!status.isOk()) {
            model.completeExceptionally(status.asRuntimeException(trailers));
        } else if (cursor == null) {
            model.completeExceptionally(FederationException.invalid("GetModel: the aggregator sent nothing"));
        } else if (!cursor.complete()) {
            model.completeExceptionally(FederationException.invalid("GetModel: the model of round " + round
                    + " ended early: " + cursor.position()));
        } else {
            List<Tensor> tensors = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
                tensors.add(new Tensor(specs.get(i).name(), specs.get(i).shape(), arrays.get(i)));
            }
            model.complete(new ModelWeights(tensors));
        }
    }
}
