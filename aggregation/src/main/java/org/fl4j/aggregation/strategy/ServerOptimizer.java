package org.fl4j.aggregation.strategy;

import java.util.Map;
import java.util.Optional;
import org.fl4j.aggregation.AggregationException;
import org.fl4j.aggregation.AggregationStrategy;
import org.fl4j.aggregation.Combiner;
import org.fl4j.aggregation.ModelLayout;
import org.fl4j.aggregation.StrategyProvider;
import org.fl4j.aggregation.StrategySettings;
import org.fl4j.aggregation.StrategyState;
import org.fl4j.aggregation.Update;

/**
 * Server optimisers on the pseudo-gradient {@code d = mean - x} (the weighted FedAvg mean minus the current
 * global model), streamed like FedAvg. With learning rate {@code lr}:
 * <ul>
 * <li>{@code FedAvgM} (Hsu et al. 2019): {@code u = momentum * u + d; x += lr * u}.</li>
 * <li>{@code FedAdagrad}, {@code FedAdam}, {@code FedYogi} (Reddi et al. 2020, "Adaptive Federated
 * Optimization", Algorithm 2): {@code m = beta1 * m + (1 - beta1) * d}, then
 * Adagrad {@code v += d^2}, Adam {@code v = beta2 * v + (1 - beta2) * d^2},
 * Yogi {@code v -= (1 - beta2) * d^2 * sign(v - d^2)}; {@code x += lr * m / (sqrt(v) + tau)}, with
 * {@code m} starting at 0 and {@code v} at {@code tau^2}, and no bias correction, as in the paper.</li>
 * </ul>
 * State ({@code m}, {@code v} or the momentum {@code u}, float32, and the step count) is exported for the
 * checkpoint and must be restored before the next round after a restart. Arithmetic is double per element.
 */
public final class ServerOptimizer implements AggregationStrategy {

    /** The update rule. */
    public enum Rule { FED_AVG_M, FED_ADAGRAD, FED_ADAM, FED_YOGI }

    private final Rule rule;
    private final String name;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double tau;
    private final Accumulators accumulators = new Accumulators();
    private float[][] first;
    private float[][] second;
    private long step;

    private ServerOptimizer(Rule rule, String name, StrategySettings s) {
        this.rule = rule;
        this.name = name;
        if (rule == Rule.FED_AVG_M) {
            lr = s.positive("learning_rate", 1.0);
            beta1 = s.numberBelow("momentum", 0.9, 0, 1);
            beta2 = 0;
            tau = 0;
        } else {
            lr = s.positive("learning_rate", 0.1);
            beta1 = s.numberBelow("beta1", rule == Rule.FED_ADAGRAD ? 0.0 : 0.9, 0, 1);
            beta2 = rule == Rule.FED_ADAGRAD ? 0 : s.numberBelow("beta2", 0.99, 0, 1);
            tau = s.positive("tau", 1e-3);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public Combiner combiner(ModelLayout layout, float[][] globalModel) {
        checkState(layout);
        WeightedMean mean = new WeightedMean(layout, accumulators);
        return new Combiner() {
            @Override
            public void add(Update update) {
                mean.add(update);
            }

            @Override
            public float[][] finish() {
                return finish(null);
            }

            @Override
            public float[][] finish(float[][] into) {
                float[][] out = mean.finish(into);
                synchronized (ServerOptimizer.this) {
                    step(layout, globalModel, out);
                }
                return out;
            }
        };
    }

    /** One server step: {@code out} holds the weighted mean on entry and the new model on return. */
    private void step(ModelLayout layout, float[][] globalModel, float[][] out) {
        if (first == null) {
            first = layout.newTensors();
            second = rule == Rule.FED_AVG_M ? null : filled(layout, (float) (tau * tau));
        }
        for (int t = 0; t < out.length; t++) {
            apply(globalModel[t], out[t], first[t], second == null ? null : second[t]);
        }
        step++;
    }

    /** Turns {@code out} (the mean on entry) into the new model, updating the state slots in place. */
    private void apply(float[] x, float[] out, float[] m, float[] v) {
        for (int i = 0; i < out.length; i++) {
            double d = (double) out[i] - x[i];
            double mi = rule == Rule.FED_AVG_M ? beta1 * m[i] + d : beta1 * m[i] + (1 - beta1) * d;
            m[i] = (float) mi;
            double next;
            if (rule == Rule.FED_AVG_M) {
                next = x[i] + lr * mi;
            } else {
                double vi = v[i];
                double d2 = d * d;
                vi = switch (rule) {
                    case FED_ADAGRAD -> vi + d2;
                    case FED_ADAM -> beta2 * vi + (1 - beta2) * d2;
                    case FED_YOGI -> vi - (1 - beta2) * d2 * Math.signum(vi - d2);
                    default -> throw new IllegalStateException(rule.name());
                };
                v[i] = (float) vi;
                next = x[i] + lr * mi / (Math.sqrt(vi) + tau);
            }
            out[i] = (float) next;
        }
    }

    @Override
    public synchronized Optional<StrategyState> exportState() {
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(new StrategyState(name, step, second == null
                ? Map.of(slotNames()[0], copy(first))
                : Map.of(slotNames()[0], copy(first), slotNames()[1], copy(second))));
    }

    @Override
    public synchronized void restoreState(StrategyState state) {
        if (!state.strategy().equals(name)) {
            throw new AggregationException("cannot restore " + state.strategy() + " state into " + name);
        }
        String[] slots = slotNames();
        for (String slot : slots) {
            if (!state.tensors().containsKey(slot)) {
                throw new AggregationException(name + " state lacks its '" + slot + "' tensors");
            }
        }
        if (state.tensors().size() != slots.length) {
            throw new AggregationException(name + " state has slots " + state.tensors().keySet()
                    + ", expected " + String.join(", ", slots));
        }
        first = copy(state.tensors().get(slots[0]));
        second = slots.length > 1 ? copy(state.tensors().get(slots[1])) : null;
        step = state.step();
    }

    private String[] slotNames() {
        return rule == Rule.FED_AVG_M ? new String[] {"momentum"} : new String[] {"m", "v"};
    }

    /** Checks restored state against the round's layout before anything is folded. */
    private void checkState(ModelLayout layout) {
        if (first == null) {
            return;
        }
        String[] slots = slotNames();
        try {
            layout.check(first, name + " state '" + slots[0] + "'");
            if (second != null) {
                layout.check(second, name + " state '" + slots[1] + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new AggregationException(e.getMessage());
        }
    }

    private static float[][] filled(ModelLayout layout, float value) {
        float[][] a = layout.newTensors();
        for (float[] t : a) {
            java.util.Arrays.fill(t, value);
        }
        return a;
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** Registers one rule under its plan name. */
    abstract static class Provider implements StrategyProvider {
        private final Rule rule;
        private final String name;

        Provider(Rule rule, String name) {
            this.rule = rule;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public AggregationStrategy create(StrategySettings settings) {
            return new ServerOptimizer(rule, name, settings);
        }
    }

    /** {@code FedAvgM}: settings {@code learning_rate} (1.0), {@code momentum} (0.9). */
    public static final class FedAvgM extends Provider {
        public FedAvgM() {
            super(Rule.FED_AVG_M, "FedAvgM");
        }
    }

    /** {@code FedAdagrad}: {@code learning_rate} (0.1), {@code beta1} (0), {@code tau} (1e-3). */
    public static final class FedAdagrad extends Provider {
        public FedAdagrad() {
            super(Rule.FED_ADAGRAD, "FedAdagrad");
        }
    }

    /** {@code FedAdam}: {@code learning_rate} (0.1), {@code beta1} (0.9), {@code beta2} (0.99), {@code tau} (1e-3). */
    public static final class FedAdam extends Provider {
        public FedAdam() {
            super(Rule.FED_ADAM, "FedAdam");
        }
    }

    /** {@code FedYogi}: {@code learning_rate} (0.1), {@code beta1} (0.9), {@code beta2} (0.99), {@code tau} (1e-3). */
    public static final class FedYogi extends Provider {
        public FedYogi() {
            super(Rule.FED_YOGI, "FedYogi");
        }
    }
}
