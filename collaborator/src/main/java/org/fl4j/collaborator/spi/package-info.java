/**
 * The task runner SPI: how a machine learning library plugs into the collaborator. Implementations are
 * found with {@link java.util.ServiceLoader} through {@link org.fl4j.collaborator.spi.TaskRunnerFactory}.
 */
package org.fl4j.collaborator.spi;
