/**
 * The Java API for experiments, what OpenFL's Python API is for notebook users:
 * {@link org.fl4j.dl4j.experiment.Experiment} runs a plan (from a template, with dotted-path overrides) with
 * N in-process collaborators over a {@link org.fl4j.dl4j.experiment.FederatedDataSet} cut into shards, with
 * the plan's model or a {@link org.fl4j.dl4j.experiment.FederatedModel} given in code, and returns the final
 * and best models and the metrics history ({@link org.fl4j.dl4j.experiment.ExperimentResult}). The
 * aggregator and collaborators are the real ones, talking gRPC over the in-process transport.
 *
 * <p>{@link org.fl4j.dl4j.experiment.Simulation} runs the same federation with thousands of virtual sites: each
 * site is its shard and name, and borrows one of a few pooled models for its rounds, so memory grows with the
 * pool, not with the sites; the heap it needs is checked before it starts.
 */
package org.fl4j.dl4j.experiment;
