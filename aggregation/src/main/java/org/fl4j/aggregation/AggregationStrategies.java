package org.fl4j.aggregation;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.fl4j.aggregation.strategy.NonFiniteAccepted;
import org.fl4j.aggregation.strategy.NormClipping;

/**
 * Creates strategies by plan name: a {@link StrategyProvider} name (the built-ins: {@code WeightedAverage},
 * {@code FedAvgM}, {@code FedAdam}, {@code FedYogi}, {@code FedAdagrad}, {@code Median}, {@code TrimmedMean},
 * {@code Krum}, {@code MultiKrum}, {@code GeometricMedian}) or the fully qualified name of a class
 * implementing {@link AggregationStrategy}.
 *
 * <p>The setting {@code clip_norm} works with every strategy: each update's difference to the global model
 * is scaled down to at most that L2 norm before the strategy sees it. The setting {@code non_finite}
 * ({@code reject}, the default, or {@code accept}) says whether updates holding NaN or infinite values are
 * refused or reach the strategy as sent.
 */
public final class AggregationStrategies {

    /** The strategy used when a task names none. */
    public static final String DEFAULT = "WeightedAverage";
    /** Setting understood by every strategy: L2 bound on an update's difference to the global model. */
    public static final String CLIP_NORM = "clip_norm";
    /** Setting understood by every strategy: {@code reject} (default) or {@code accept} NaN and infinities. */
    public static final String NON_FINITE = "non_finite";

    private AggregationStrategies() {
    }

    /**
     * Creates the strategy {@code name} with {@code settings} (plain values: numbers, strings, booleans).
     *
     * @throws StrategySettingsException naming {@code aggregation_type} for an unknown name, or the setting
     *                                   that is unknown, out of range or of the wrong type
     */
    public static AggregationStrategy create(String name, Map<String, ?> settings) {
        StrategySettings all = new StrategySettings(settings);
        double clipNorm = all.positive(CLIP_NORM, 0);
        boolean acceptNonFinite = all.choice(NON_FINITE, "reject", "reject", "accept").equals("accept");
        StrategySettings own = all.without(CLIP_NORM).without(NON_FINITE);
        AggregationStrategy strategy = instantiate(name == null || name.isBlank() ? DEFAULT : name.trim(), own);
        Set<String> unknown = own.unread();
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw new StrategySettingsException(key, own.asMap().get(key),
                    "unknown setting for " + strategy.name() + " (" + unknown.size() + " unknown: " + unknown + ")");
        }
        if (acceptNonFinite) {
            strategy = new NonFiniteAccepted(strategy);
        }
        return clipNorm > 0 ? new NormClipping(strategy, clipNorm) : strategy;
    }

    /** The short names available (built-in and registered providers), sorted. */
    public static Set<String> names() {
        return providers().keySet();
    }

    private static AggregationStrategy instantiate(String name, StrategySettings settings) {
        StrategyProvider provider = providers().get(name);
        if (provider != null) {
            return provider.create(settings);
        }
        if (!name.contains(".")) {
            throw new StrategySettingsException("aggregation_type", name,
                    "unknown strategy; known: " + String.join(", ", names())
                            + ", or the fully qualified name of a class implementing "
                            + AggregationStrategy.class.getName());
        }
        return fromClass(name, settings);
    }

    private static AggregationStrategy fromClass(String className, StrategySettings settings) {
        Class<?> type;
        try {
            type = Class.forName(className, true, contextLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new StrategySettingsException("aggregation_type", className,
                    "no such class on the aggregator's classpath (" + e + ")");
        }
        if (!AggregationStrategy.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            throw new StrategySettingsException("aggregation_type", className,
                    "is not a concrete class implementing " + AggregationStrategy.class.getName());
        }
        try {
            try {
                Constructor<?> withSettings = type.getConstructor(StrategySettings.class);
                return (AggregationStrategy) withSettings.newInstance(settings);
            } catch (NoSuchMethodException e) {
                return (AggregationStrategy) type.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof StrategySettingsException sse) {
                throw sse;
            }
            throw new StrategySettingsException("aggregation_type", className,
                    "constructor failed: " + e.getCause());
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new StrategySettingsException("aggregation_type", className,
                    "needs a public constructor taking " + StrategySettings.class.getSimpleName() + " or none");
        }
    }

    private static Map<String, StrategyProvider> providers() {
        Map<String, StrategyProvider> byName = new TreeMap<>();
        for (StrategyProvider p : ServiceLoader.load(StrategyProvider.class, contextLoader())) {
            byName.putIfAbsent(p.name(), p);
        }
        for (StrategyProvider p : ServiceLoader.load(StrategyProvider.class,
                AggregationStrategies.class.getClassLoader())) {
            byName.putIfAbsent(p.name(), p);
        }
        return byName;
    }

    private static ClassLoader contextLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : AggregationStrategies.class.getClassLoader();
    }
}
