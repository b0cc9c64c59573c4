package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fl4j.pki.TestPki;
import org.fl4j.protocol.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-round federation run as SLURM jobs on a real single-node cluster ({@link SlurmCluster}): the scripts
 * {@code fx slurm aggregator} and {@code fx slurm collaborator} write are submitted with {@code --submit}, the
 * collaborators after the aggregator's job has started; all three jobs must complete and the aggregator must
 * have saved round 2. Needs root (apt-get, the daemons); skipped with a message otherwise.
 */
class SlurmFederationIT {

    private static final Duration RUN = Duration.ofMinutes(8);
    private static final List<String> NAMES = List.of("alpha", "bravo");

    @TempDir
    Path dir;

    @Test
    void slurmJobs_aggregatorAndTwoCollaborators_runTwoRoundsAndComplete() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "SlurmFederationIT needs root to install and start munge and SLURM; skipped");
        SlurmCluster.install();
        Path fx = fxLauncher();
        TestPki pki = TestPki.create(dir.resolve("pki"), NAMES.toArray(String[]::new));
        Sites sites = Sites.create(dir.resolve("sites"), pki, 2, Sites.WAIT_FOR_ALL, NAMES, "");
        try (SlurmCluster cluster = SlurmCluster.start(Files.createDirectories(dir.resolve("slurm")))) {
            String sbatch = cluster.sbatch().toString();
            String agg = jobId(Sites.fx(sites.aggregator(), "slurm", "aggregator", "--fx", fx.toString(), "--cpus",
                    "1", "--mem", "1G", "--heap", "512m", "--time", "10:00", "--submit", "--sbatch", sbatch));
            List<String> jobs = new ArrayList<>(List.of(agg));
            for (String name : NAMES) {
                jobs.add(jobId(Sites.fx(sites.collaborator(name), "slurm", "collaborator", "-n", name, "--after", agg,
                        "--give-up-after", "120", "--fx", fx.toString(), "--cpus", "1", "--mem", "1G", "--heap",
                        "512m", "--time", "10:00", "--submit", "--sbatch", sbatch)));
            }

            Instant deadline = Instant.now().plus(RUN);
            List<String> states = states(cluster, jobs);
            while (!states.stream().allMatch(s -> Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
                    "OUT_OF_MEMORY", "NODE_FAIL").contains(s)) && Instant.now().isBefore(deadline)) {
                HostCommands.sleep(2000);
                states = states(cluster, jobs);
            }

            assertThat(states).as("job states of %s\n%s", jobs, outputs(sites) + cluster.log("slurmd.log"))
                    .containsOnly("COMPLETED");
        }
        assertThat(ModelFile.read(sites.aggregator().resolve("save/softmax_last.fl4j")).round()).isEqualTo(2);
        assertThat(Files.readString(sites.aggregator().resolve("slurm/fl4j-aggregator.sbatch")))
                .contains("aggregator start");
    }

    /**
     * The tree as SLURM jobs: the root, intermediate aggregator hub-a ({@code fx slurm aggregator --intermediate})
     * and its two sites as one job array ({@code fx slurm workers}) from a workspace they share.
     */
    @Test
    void slurmJobs_rootIntermediateAggregatorAndAWorkerArray_runTwoRoundsAndComplete() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "SlurmFederationIT needs root to install and start munge and SLURM; skipped");
        SlurmCluster.install();
        Path fx = fxLauncher();
        TestPki pki = TestPki.create(dir.resolve("pki"), "w1", "w2", TreeSites.HUB);
        Sites sites = TreeSites.create(dir.resolve("sites"), pki, 2, Sites.WAIT_FOR_ALL, List.of("w1", "w2"),
                List.of("w1", "w2"), Sites.freePort());
        Path hub = TreeSites.hubWorkspace(sites, pki, dir.resolve("hub"));
        Path workers = TreeSites.workersWorkspace(sites, pki, dir.resolve("workers"), List.of("w1", "w2"));
        List<String> limits = List.of("--fx", fx.toString(), "--cpus", "1", "--mem", "1G", "--heap", "512m",
                "--time", "10:00");
        try (SlurmCluster cluster = SlurmCluster.start(Files.createDirectories(dir.resolve("slurm")))) {
            List<String> submit = List.of("--submit", "--sbatch", cluster.sbatch().toString());
            String root = jobId(Sites.fx(sites.aggregator(), concat(List.of("slurm", "aggregator"), limits, submit)));
            String hubJob = jobId(Sites.fx(hub, concat(List.of("slurm", "aggregator", "--intermediate",
                    TreeSites.HUB, "--after", root), limits, submit)));
            String array = jobId(Sites.fx(workers, concat(List.of("slurm", "workers", "--intermediate",
                    TreeSites.HUB, "--after", hubJob, "--give-up-after", "120"), limits, submit)));
            List<String> jobs = List.of(root, hubJob, array + "_0", array + "_1");

            Instant deadline = Instant.now().plus(RUN);
            List<String> states = states(cluster, jobs);
            while (!states.stream().allMatch(s -> Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
                    "OUT_OF_MEMORY", "NODE_FAIL").contains(s)) && Instant.now().isBefore(deadline)) {
                HostCommands.sleep(2000);
                states = states(cluster, jobs);
            }
            assertThat(states).as("job states of %s\n%s", jobs, outputs(List.of(sites.aggregator(), hub, workers))
                    + cluster.log("slurmd.log")).containsOnly("COMPLETED");
        }
        assertThat(ModelFile.read(sites.aggregator().resolve("save/softmax_last.fl4j")).round()).isEqualTo(2);
        assertThat(Sites.lines(sites.metricsLog())).anyMatch(l -> l.startsWith("{\"round\":1,\"origin\":\"hub-a/w2\""));
        assertThat(Files.readString(workers.resolve("slurm/fl4j-workers-hub-a.sbatch")))
                .contains("#SBATCH --array=0-1", "NAMES=(w1 w2)", "collaborator start -n \"$NAME\"");
    }

    private static String[] concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all.toArray(String[]::new);
    }

    private static String jobId(String fxOutput) {
        String marker = "Submitted batch job ";
        int at = fxOutput.indexOf(marker);
        assertThat(at).as(fxOutput).isNotNegative();
        return fxOutput.substring(at + marker.length()).strip().split("\\s", 2)[0];
    }

    private static List<String> states(SlurmCluster cluster, List<String> jobs) {
        return jobs.stream().map(cluster::state).toList();
    }

    private static String outputs(Sites sites) throws java.io.IOException {
        List<Path> folders = new ArrayList<>(List.of(sites.aggregator()));
        NAMES.forEach(n -> folders.add(sites.collaborator(n)));
        return outputs(folders);
    }

    private static String outputs(List<Path> folders) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        for (Path ws : folders) {
            Path logs = ws.resolve("logs");
            if (Files.isDirectory(logs)) {
                try (var files = Files.list(logs)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith("slurm-")).toList()) {
                        all.append("--- ").append(f).append('\n').append(Files.readString(f));
                    }
                }
            }
        }
        return all.toString();
    }

    /** The fx command line the jobs run: this test's class path, as FxProcess runs fx. */
    private Path fxLauncher() throws java.io.IOException {
        Path fx = dir.resolve("fx");
        Files.writeString(fx, "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " --add-modules=jdk.incubator.vector -Xmx${FX_HEAP:-512m} -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' org.fl4j.cli.Fx \"$@\"\n");
        Files.setPosixFilePermissions(fx, PosixFilePermissions.fromString("rwx------"));
        return fx;
    }
}
