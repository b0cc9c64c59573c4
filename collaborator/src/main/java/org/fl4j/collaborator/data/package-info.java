/**
 * Local data for training and validation, in pure Java (no native libraries, so every runner can use it):
 * the IDX format of MNIST and Fashion-MNIST ({@link org.fl4j.collaborator.data.IdxReader}), the 10,000 real
 * MNIST digits embedded in fl4j ({@link org.fl4j.collaborator.data.IdxDataSets#embeddedMnist()}), and the
 * shards that demos and experiments cut from one data set: round-robin by index as in OpenFL, contiguous, or
 * label-skewed non-IID with a seeded Dirichlet draw ({@link org.fl4j.collaborator.data.Sharding}).
 * {@link org.fl4j.collaborator.data.DataLoader} turns a site's {@code data.yaml} path and the plan's
 * {@code data_loader} settings into {@link org.fl4j.collaborator.data.LocalData}. Data never leaves the
 * site: only sample counts do.
 */
package org.fl4j.collaborator.data;
