package org.fl4j.protocol.openfl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.FederationHandler;
import org.fl4j.protocol.rpc.ModelLease;

/**
 * The global models OpenFL's per-tensor requests are served from: the current round's, lent by the
 * {@link FederationHandler} at the first request of the round and held while the round lasts, and the round
 * before it, held one round longer. OpenFL collaborators ask for one tensor per call, so each answer copies
 * one tensor, never the model; a collaborator with model deltas enabled asks for a tensor's change since the
 * round before, and one that fell behind by a round may still ask for the previous model (its results are
 * then dropped as late). Holding the previous round's model costs one model's memory while OpenFL
 * collaborators take part. Thread-safe.
 */
final class RoundModels {

    /** A model lent for one round, with its tensors by name. */
    record Held(long round, ModelLease lease, Map<String, Integer> index) {

        ModelWeights model() {
            return lease.model();
        }

        /** The tensor called {@code name}, or a refusal naming the model's tensors. */
        Tensor tensor(String name) {
            Integer i = index.get(name);
            if (i == null) {
                List<Tensor> all = model().tensors();
                throw FederationException.invalid("tensor '" + name + "' is not in the model of round " + round
                        + " (its " + all.size() + " tensors: " + names(all) + ")");
            }
            return model().tensors().get(i);
        }

        int indexOf(String name) {
            Integer i = index.get(name);
            return i == null ? -1 : i;
        }
    }

    private final FederationHandler handler;
    private Held current;
    private Held previous;

    RoundModels(FederationHandler handler) {
        this.handler = handler;
    }

    /**
     * The model of {@code round}: the current round's (asking the handler, which refuses rounds that are over
     * or have not started) or the one before it, while held.
     */
    synchronized Held model(String collaborator, long round) {
        if (current != null && current.round == round) {
            return current;
        }
        if (previous != null && previous.round == round) {
            return previous;
        }
        if (current != null && round < current.round) {
            throw FederationException.stale("round " + round + " is over and its model no longer held (the"
                    + " aggregator keeps round " + current.round + " and the round before it)");
        }
        ModelLease lease = handler.model(collaborator, round);
        Held next = new Held(round, lease, index(lease.model()));
        Held old = previous;
        if (current != null && current.round == round - 1) {
            previous = current;
        } else {
            previous = null;
            if (current != null) {
                current.lease.release();
            }
        }
        if (old != null && old != previous) {
            old.lease.release();
        }
        current = next;
        return next;
    }

    /**
     * The change of tensor {@code name} from round {@code round - 1} to {@code round}, as OpenFL's aggregator
     * serves an {@code aggregated, delta} tensor.
     */
    Tensor delta(String collaborator, String name, long round) {
        Held now = model(collaborator, round);
        Held before;
        synchronized (this) {
            before = previous != null && previous.round == round - 1 && now == current ? previous : null;
        }
        if (before == null) {
            throw new FederationException(FederationException.Kind.INVALID, "the change of tensor '" + name
                    + "' since round " + (round - 1) + " cannot be served: the aggregator no longer holds the model of"
                    + " round " + (round - 1) + " (after a restart it keeps only the current one); restart the"
                    + " collaborator so it fetches the whole model, or set collaborator.settings.delta_updates:"
                    + " false");
        }
        Tensor a = now.tensor(name);
        Tensor b = before.tensor(name);
        float[] out = new float[a.size()];
        float[] va = a.values();
        float[] vb = b.values();
        for (int i = 0; i < out.length; i++) {
            out[i] = va[i] - vb[i];
        }
        return new Tensor(name, a.shape(), out);
    }

    private static Map<String, Integer> index(ModelWeights model) {
        Map<String, Integer> index = new HashMap<>();
        List<Tensor> tensors = model.tensors();
        for (int i = 0; i < tensors.size(); i++) {
            index.put(tensors.get(i).name(), i);
        }
        return index;
    }

    static String names(List<Tensor> tensors) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tensors.size() && i < 8; i++) {
            b.append(i == 0 ? "" : ", ").append('\'').append(tensors.get(i).name()).append('\'');
        }
        if (tensors.size() > 8) {
            b.append(", ...");
        }
        return b.toString();
    }
}
