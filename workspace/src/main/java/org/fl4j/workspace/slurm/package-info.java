/**
 * SLURM batch scripts for fl4j's processes: {@link org.fl4j.workspace.slurm.SlurmJob} says what a job asks of
 * the cluster (name, time, CPUs, memory, partition, node) and which {@code fx} command it runs;
 * {@link org.fl4j.workspace.slurm.SlurmScript} writes it as a plain bash script with {@code #SBATCH} lines that
 * a site's administrator can read and edit; {@link org.fl4j.workspace.slurm.Sbatch} hands a script to the
 * cluster's own {@code sbatch} and returns the job id. fl4j manages no cluster: SLURM places and runs the jobs.
 */
package org.fl4j.workspace.slurm;
