package org.fl4j.aggregation.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.Update;

/** A combiner of a non-streaming strategy: keeps every update, computes at finish. */
final class Buffered implements Combiner {

    private final List<Update> updates = new ArrayList<>();
    private final Function<List<Update>, float[][]> compute;

    Buffered(Function<List<Update>, float[][]> compute) {
        this.compute = compute;
    }

    @Override
    public void add(Update update) {
        updates.add(update);
    }

    @Override
    public float[][] finish() {
        float[][] out = compute.apply(List.copyOf(updates));
        updates.clear();
        return out;
    }
}
