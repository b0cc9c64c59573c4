/**
 * The DL4J task runner: fl4j's bridge to DeepLearning4J and ND4J on the CPU. Models come from a Keras 2
 * configuration or {@code .h5} file ({@code fl4j.dl4j.KerasRunner}), a DL4J configuration JSON
 * ({@code fl4j.dl4j.Dl4jJsonRunner}) or a Java {@link org.fl4j.dl4j.ModelBuilder} shipped in the workspace's
 * {@code code/} folder ({@code fl4j.dl4j.JavaModelRunner}); {@link org.fl4j.dl4j.Models} builds them from the
 * plan alone. Parameters travel as row-major tensors named {@code <layer>/<param>}; the optimizer state as
 * {@code opt/<layer>/<param>/<key>} when it is shared. {@link org.fl4j.dl4j.NativeSetup} picks ND4J's
 * portable oneDNN build, enables DL4J's oneDNN layer helpers (with a bridge for a lookup M2.1 gets wrong) and
 * bounds native threads.
 */
package org.fl4j.dl4j;
