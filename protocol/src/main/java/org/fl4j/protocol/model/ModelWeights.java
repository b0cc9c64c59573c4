package org.fl4j.protocol.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tensors of a model, in a stable order, with unique names. */
public final class ModelWeights {

    private final List<Tensor> tensors;
    private final Map<String, Tensor> byName;

    public ModelWeights(List<Tensor> tensors) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (map.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate tensor name: " + t.name());
            }
        }
        this.tensors = List.copyOf(tensors);
        this.byName = Collections.unmodifiableMap(map);
    }

    public List<Tensor> tensors() {
        return tensors;
    }

    public Optional<Tensor> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public int tensorCount() {
        return tensors.size();
    }

    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        return n;
    }

    public long byteSize() {
        return 4 * parameterCount();
    }

    /** True when both hold the same tensor names with the same shapes, in the same order. */
    public boolean sameLayout(ModelWeights other) {
        if (other.tensors.size() != tensors.size()) {
            return false;
        }
        for (int i = 0; i < tensors.size(); i++) {
            if (!tensors.get(i).sameLayout(other.tensors.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelWeights w && tensors.equals(w.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "ModelWeights" + tensors;
    }
}
