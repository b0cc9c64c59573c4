/**
 * The element-wise loops of aggregation behind one interface, {@link org.fl4j.aggregation.kernel.FoldKernels}:
 * a scalar reference and a {@code jdk.incubator.vector} implementation loaded reflectively when the JVM was
 * started with {@code --add-modules jdk.incubator.vector}. Internal to the aggregation module and its
 * benchmarks; not an API for other modules.
 */
package org.fl4j.aggregation.kernel;
