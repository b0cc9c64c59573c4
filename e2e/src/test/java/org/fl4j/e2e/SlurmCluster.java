package org.fl4j.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node SLURM cluster for a test, all of it under one folder: Debian's munge and slurm-wlm
 * (installed with apt-get when missing; the caller checks it runs as root), a fresh munge key and socket, a
 * minimal slurm.conf for this host on free ports (linuxproc process tracking, no cgroups, no accounting, the
 * node declared with 8 CPUs so that an aggregator and its collaborators run side by side on 2 cores), then
 * munged, slurmctld and slurmd. {@link #close} stops the three daemons by their pid files. Nothing under /etc
 * is read or changed: the daemons and commands are pointed at the folder's slurm.conf ({@code SLURM_CONF}).
 */
final class SlurmCluster implements AutoCloseable {

    private static final Duration COMMAND = Duration.ofSeconds(60);

    private final Path dir;
    private final Path conf;

    private SlurmCluster(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
    }

    /** Installs the packages with apt-get when missing; fails naming the command when that fails. */
    static void install() {
        HostCommands.aptInstall(List.of(Path.of("/usr/sbin/slurmctld"), Path.of("/usr/sbin/munged")), "slurm-wlm",
                "munge");
    }

    static SlurmCluster start(Path dir) throws IOException {
        SlurmCluster c = new SlurmCluster(dir);
        c.startDaemons();
        return c;
    }

    private void startDaemons() throws IOException {
        Path munge = Files.createDirectories(dir.resolve("munge"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(munge, PosixFilePermissions.fromString("rwx------"));
        byte[] key = new byte[1024];
        new SecureRandom().nextBytes(key);
        Files.write(munge.resolve("munge.key"), key);
        Files.setPosixFilePermissions(munge.resolve("munge.key"), PosixFilePermissions.fromString("rw-------"));
        HostCommands.run(COMMAND, Map.of(), "/usr/sbin/munged", "--force", "--key-file=" + munge.resolve("munge.key"),
                "--socket=" + socket(), "--pid-file=" + munge.resolve("munged.pid"),
                "--log-file=" + munge.resolve("munged.log"), "--seed-file=" + munge.resolve("munged.seed"));
        for (String d : List.of("state", "spool", "log")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(conf, slurmConf(), StandardCharsets.UTF_8);
        HostCommands.run(COMMAND, env(), "/usr/sbin/slurmctld", "-f", conf.toString());
        HostCommands.run(COMMAND, env(), "/usr/sbin/slurmd", "-f", conf.toString());
        Instant deadline = Instant.now().plus(COMMAND);
        while (!HostCommands.run(COMMAND, env(), "sinfo", "-h", "-o", "%T").strip().equals("idle")) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the SLURM node did not become idle:\n" + log("slurmctld.log")
                        + log("slurmd.log"));
            }
            HostCommands.sleep(500);
        }
    }

    private Path socket() {
        return dir.resolve("munge/munge.socket");
    }

    private String slurmConf() throws IOException {
        String host = InetAddress.getLocalHost().getHostName().split("\\.")[0];
        return String.join("\n",
                "# A one-node cluster for fl4j's SlurmFederationIT.",
                "ClusterName=fl4jtest",
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmdUser=root",
                "SlurmctldPort=" + Sites.freePort(),
                "SlurmdPort=" + Sites.freePort(),
                "AuthType=auth/munge",
                "AuthInfo=socket=" + socket(),
                "CredType=cred/munge",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "SchedulerType=sched/backfill",
                "MpiDefault=none",
                "ReturnToService=2",
                "SlurmdParameters=config_overrides",
                "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs=8 RealMemory=8000 State=UNKNOWN",
                "PartitionName=fl4j Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP",
                "");
    }

    /** The environment that points SLURM's commands at this cluster. */
    Map<String, String> env() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    /** An sbatch for {@code fx slurm --sbatch}: the real one, pointed at this cluster. */
    Path sbatch() throws IOException {
        Path script = dir.resolve("sbatch");
        Files.writeString(script, "#!/bin/sh\nSLURM_CONF=" + conf + " exec sbatch \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** The job's state (PENDING, RUNNING, COMPLETED, FAILED ...). */
    String state(String jobId) {
        String out = HostCommands.run(COMMAND, env(), "scontrol", "show", "job", jobId);
        int at = out.indexOf("JobState=");
        return at < 0 ? "UNKNOWN" : out.substring(at + 9).split("\\s", 2)[0];
    }

    String log(String name) {
        try {
            Path f = dir.resolve("log").resolve(name);
            return Files.exists(f) ? "--- " + name + "\n" + Files.readString(f) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (String pid : List.of("slurmd.pid", "slurmctld.pid", "munge/munged.pid")) {
            Path f = dir.resolve(pid);
            try {
                if (Files.exists(f)) {
                    long id = Long.parseLong(Files.readString(f).strip());
                    ProcessHandle.of(id).ifPresent(p -> {
                        p.destroy();
                        p.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(t -> null).join();
                    });
                }
            } catch (IOException | NumberFormatException e) {
                // a daemon that never wrote its pid file did not start: nothing to stop
            }
        }
    }
}
