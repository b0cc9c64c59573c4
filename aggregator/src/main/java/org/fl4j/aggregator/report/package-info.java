/**
 * Reports the aggregator writes beside its metrics log: the table of a federated evaluation of candidate
 * models (FeTS task 2), site by model by metric with the sample-weighted aggregate, and the models' ranking
 * ({@link CandidateReport}).
 */
package org.fl4j.aggregator.report;
