/**
 * The collaborator: {@link org.fl4j.collaborator.Collaborator} runs the loop (long-polled tasks, the global
 * model in one stream, tasks through the {@code TaskRunner} SPI, results sent until acknowledged) with
 * exponential backoff and jitter while the aggregator is unreachable. {@link org.fl4j.collaborator.CollaboratorConfig}
 * comes from the plan; {@link org.fl4j.collaborator.CollaboratorChannels} opens the mutual TLS channel;
 * {@link org.fl4j.collaborator.TaskRunners} finds the runner the plan names.
 */
package org.fl4j.collaborator;
