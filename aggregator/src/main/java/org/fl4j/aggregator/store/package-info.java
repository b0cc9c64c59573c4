/**
 * What the aggregator keeps on disk: the initial, best and last models, the per-round checkpoint (written
 * atomically: temporary file, fsync, rename, fsync of the folder) that a restart resumes from, and the
 * {@code logs/metrics.jsonl} metrics log that tools and tests read.
 */
package org.fl4j.aggregator.store;
