/**
 * The aggregator's audit log ({@code logs/audit.jsonl}): {@link org.fl4j.aggregator.audit.AuditLog} records
 * connections, tasks, uploads (with the SHA-256 of their bytes) and refusals as a hash chain, and
 * {@link org.fl4j.aggregator.audit.AuditVerifier} finds the first line changed, removed or reordered.
 */
package org.fl4j.aggregator.audit;
