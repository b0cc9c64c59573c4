package org.fl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code docker run} of the image {@code fx workspace dockerize} builds would execute, run without a
 * container engine (none can run containers on this kind of machine): a base image with Java 17 made offline
 * from Debian packages ({@link BaseImage}), the demo's three sites prepared by
 * {@code scripts/federation-demo.sh --netns --prepare-only} (workspace export and import, certificates from
 * the workspace CA), the aggregator's workspace dockerized on that base, the image unpacked with skopeo and
 * umoci ({@link ImageBundle}), and each site's container ({@link ChrootSite}) started from the image's own
 * Entrypoint, Env and WorkingDir under chroot in its own network namespace, with its certificates, save/,
 * logs/ and data.yaml mounted where docs/partner-sites.md says. The federation must finish its two rounds,
 * and no site may write a file into its own writable layer under the workspace (state a container loses).
 * Needs root (debootstrap, mount, ip netns), as CI runs; skipped with a message otherwise.
 */
class DockerizedFederationIT {

    private static final Duration RUN = Duration.ofMinutes(15);
    private static final String NETNS = "fl4j-image";
    /** The addresses federation-demo.sh --netns gives the sites (the aggregator's certificate names its own). */
    private static final Map<String, String> ADDRESSES = new LinkedHashMap<>(Map.of("aggregator", "10.213.77.1"));

    static {
        ADDRESSES.put("one", "10.213.77.11");
        ADDRESSES.put("two", "10.213.77.12");
    }

    @TempDir
    Path tmp;

    @Test
    void dockerizedImage_eachSiteChrootedInItsNamespace_federationFinishesTwoRounds() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "DockerizedFederationIT needs root (debootstrap,"
                + " mount, chroot and ip netns run the image without a container engine); skipped");
        BaseImage.installTools();
        BaseImage.Built base = BaseImage.cached(Files.createDirectories(Path.of("target", "dockerized-base")));
        System.out.printf("DockerizedFederationIT: base image %s (debootstrap %d s, packing %d s; 0 s: cached)%n",
                base.tarball(), base.debootstrap().toSeconds(), base.packing().toSeconds());

        Path demo = tmp.resolve("demo");
        // int8 deltas with error feedback: each collaborator keeps state of its own (save/residual_NAME.fl4j)
        DemoScript.Run prepared = DemoScript.run(tmp, 10, Map.of("FL4J_DEMO_CUTOFF", "600"), "--netns",
                "--prepare-only", "--rounds", "2", "--dir", demo.toString(),
                "--set", "compression_pipeline.template=fl4j.Compression",
                "--set", "compression_pipeline.settings.upload=[int8_blockwise, lz4]",
                "--set", "collaborator.settings.delta_updates=true");
        assertThat(prepared.exitCode()).as(prepared.output()).isZero();
        Map<String, Path> sites = Map.of("aggregator", demo.resolve("aggregator-site/mnist_fed"),
                "one", demo.resolve("site-one/mnist_fed"), "two", demo.resolve("site-two/mnist_fed"));

        Path tarball = tmp.resolve("mnist_fed-image.tar");
        String dockerize = HostCommands.run(Duration.ofMinutes(10), DemoScript.ROOT.resolve("fx").toString(),
                "--workspace", sites.get("aggregator").toString(), "workspace", "dockerize", "--base-image",
                "tar://" + base.tarball().toAbsolutePath(), "-o", tarball.toString());
        assertThat(dockerize).contains("Image fl4j/mnist_fed:latest");
        ImageBundle image = ImageBundle.unpack(tarball, tmp.resolve("image"), true);
        String wd = image.config().workingDir();
        assertThat(wd).isEqualTo("/workspace/mnist_fed");
        assertThat(image.config().entrypoint()).first().isEqualTo("java");

        List<ChrootSite> containers = new ArrayList<>();
        Map<String, FxProcess> processes = new LinkedHashMap<>();
        Map<String, List<String>> written = new LinkedHashMap<>();
        Path logs = tmp.resolve("logs");
        List<String> pairs = ADDRESSES.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        netns("up", pairs);
        try {
            for (String site : ADDRESSES.keySet()) {
                ChrootSite c = ChrootSite.prepare(image.rootfs(), tmp.resolve("run").resolve(site),
                        volumes(sites.get(site), wd, site.equals("aggregator")));
                containers.add(c);
                List<String> args = site.equals("aggregator") ? List.of("aggregator", "start")
                        : List.of("collaborator", "start", "-n", site);
                processes.put(site, c.start(site, logs, NETNS + "-" + site, image.config(), args));
            }
            for (Map.Entry<String, FxProcess> p : processes.entrySet()) {
                assertThat(p.getValue().exitCode(RUN)).as("exit code of %s:%n%s", p.getKey(), p.getValue().output())
                        .isZero();
            }
            for (int i = 0; i < containers.size(); i++) {
                written.put(List.copyOf(ADDRESSES.keySet()).get(i), containers.get(i).writtenUnder(wd));
            }
        } finally {
            closeAll(containers);
        }

        assertThat(processes.get("aggregator").output()).contains("Saved the best model with score",
                "Every collaborator was told to quit");
        for (String col : List.of("one", "two")) {
            assertThat(processes.get(col).output()).contains("The aggregator ended the federation: all 2 rounds are done");
            assertThat(sites.get(col).resolve("save/residual_" + col + ".fl4j")).as("kept in the site's save/").exists();
        }
        List<String> metrics = Sites.lines(sites.get("aggregator").resolve("logs/metrics.jsonl"));
        for (String col : List.of("one", "two")) {
            assertThat(metrics).as("%s trained in round 1", col).anyMatch(l -> l.startsWith("{\"round\":1,\"origin\":\""
                    + col + "\",\"task\":\"train\""));
        }
        String accuracy = metrics.stream().filter(l -> l.startsWith("{\"round\":1,\"origin\":\"aggregator\","
                + "\"task\":\"aggregated_model_validation\",\"metric\":\"accuracy\"")).findFirst().orElseThrow();
        double value = Double.parseDouble(accuracy.replaceAll(".*\"value\":([^,}]+).*", "$1"));
        System.out.printf("DockerizedFederationIT: round 1 aggregated accuracy %.4f%n", value);
        assertThat(value).isGreaterThan(0.8);
        Path save = sites.get("aggregator").resolve("save");
        assertThat(ModelFile.read(save.resolve("keras_cnn_mnist_best.fl4j")).weights().parameterCount())
                .isEqualTo(89_606);
        assertThat(ModelFile.read(save.resolve("keras_cnn_mnist_last.fl4j")).round()).isEqualTo(2);
        assertThat(written).as("files the sites wrote under %s outside the mounted folders: lost with a container", wd)
                .allSatisfy((site, files) -> assertThat(files).isEmpty());
        assertThat(ChrootSite.mountsUnder(tmp)).as("mounts left").isEmpty();
    }

    /**
     * What docs/partner-sites.md tells each site to mount: cert/ read-only and save/ everywhere, the aggregator's
     * logs/ (metrics, audit), a collaborator's plan/data.yaml (read-only; this template's data is the embedded
     * MNIST sample, so there is no data folder to mount).
     */
    private static List<ChrootSite.Volume> volumes(Path site, String wd, boolean aggregator) {
        List<ChrootSite.Volume> v = new ArrayList<>(List.of(
                new ChrootSite.Volume(site.resolve("cert"), wd + "/cert", true),
                new ChrootSite.Volume(site.resolve("save"), wd + "/save", false)));
        v.add(aggregator ? new ChrootSite.Volume(site.resolve("logs"), wd + "/logs", false)
                : new ChrootSite.Volume(site.resolve("plan/data.yaml"), wd + "/plan/data.yaml", true));
        return v;
    }

    private static void closeAll(List<ChrootSite> containers) {
        RuntimeException first = null;
        for (ChrootSite c : containers) {
            try {
                c.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        try {
            netns("down", ADDRESSES.keySet().stream().toList());
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    private static void netns(String action, List<String> sites) {
        List<String> command = new ArrayList<>(List.of(DemoScript.ROOT.resolve("scripts/site-netns.sh").toString(),
                action, NETNS));
        command.addAll(sites);
        HostCommands.run(Duration.ofMinutes(1), command.toArray(String[]::new));
    }
}
