/**
 * Record-level differential privacy for the DL4J runner: DP-SGD ({@link org.fl4j.dl4j.dpsgd.DpSgd}) with
 * Poisson-sampled batches, per-example gradient clipping (batched and exact for dense and convolution
 * layers, one example at a time otherwise), Gaussian noise on the clipped sum and DL4J's own updater for the
 * step; {@link org.fl4j.dl4j.dpsgd.DpSgdSupport} refuses the layers that would break the per-example bound.
 * Accounting for what the steps spend is the collaborator's (see {@code org.fl4j.collaborator.privacy}).
 */
package org.fl4j.dl4j.dpsgd;
