package org.fl4j.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A base image for {@code fx workspace dockerize --base-image tar://...} made here without any registry: a
 * Debian root file system with a Java 17 runtime from {@code debootstrap --variant=minbase} (this machine's
 * release and mirror, {@link AptMirror}), turned into one image layer with umoci and saved as a docker-save
 * tarball with skopeo, the format Jib reads. Apt's caches and {@code /dev} are left out, as in the images a
 * registry serves (the engine provides {@code /dev}). The tarball is kept in the module's target/ folder and
 * reused by later runs in the same checkout; it appears only once complete.
 */
final class BaseImage {

    static final String TAG = "fl4j-test/debian-java:17";
    static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The tarball, and how long it took to make (zero when it was already there). */
    record Built(Path tarball, Duration debootstrap, Duration packing) {
    }

    private BaseImage() {
    }

    /** Installs debootstrap, umoci and skopeo when missing. */
    static void installTools() {
        HostCommands.aptInstall(List.of(Path.of("/usr/sbin/debootstrap"), Path.of("/usr/bin/umoci"),
                Path.of("/usr/bin/skopeo")), "debootstrap", "umoci", "skopeo");
    }

    static Built cached(Path dir) throws IOException {
        Path tarball = dir.resolve("debian-java17.tar");
        if (Files.isRegularFile(tarball)) {
            return new Built(tarball, Duration.ZERO, Duration.ZERO);
        }
        Path work = dir.resolve("work");
        deleteTree(work);
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        AptMirror mirror = AptMirror.ofThisMachine();
        long start = System.nanoTime();
        HostCommands.run(Duration.ofMinutes(15), "debootstrap", "--variant=minbase",
                "--include=openjdk-17-jre-headless", mirror.suite(), rootfs.toString(), mirror.uri());
        Duration debootstrap = Duration.ofNanos(System.nanoTime() - start);

        start = System.nanoTime();
        for (String emptied : List.of("var/cache/apt/archives", "var/lib/apt/lists", "dev")) {
            try (Stream<Path> entries = Files.list(rootfs.resolve(emptied))) {
                for (Path p : entries.filter(p -> !p.getFileName().toString().equals("partial")).toList()) {
                    deleteTree(p);
                }
            }
        }
        Path layer = work.resolve("layer.tar");
        HostCommands.run(Duration.ofMinutes(5), "tar", "--numeric-owner", "--xattrs", "-C", rootfs.toString(),
                "-cf", layer.toString(), ".");
        String image = work.resolve("oci") + ":base";
        Duration umoci = Duration.ofMinutes(5);
        HostCommands.run(umoci, "umoci", "init", "--layout", work.resolve("oci").toString());
        HostCommands.run(umoci, "umoci", "new", "--image", image);
        HostCommands.run(umoci, "umoci", "raw", "add-layer", "--image", image, layer.toString());
        HostCommands.run(umoci, "umoci", "config", "--image", image, "--config.env", PATH_ENV,
                "--config.cmd", "/bin/bash", "--author", "fl4j DockerizedFederationIT");
        Path partial = dir.resolve("debian-java17.tar.partial");
        Files.deleteIfExists(partial);
        HostCommands.run(umoci, "skopeo", "copy", "--quiet", "oci:" + image, "docker-archive:" + partial + ":" + TAG);
        Files.move(partial, tarball, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(work);
        return new Built(tarball, debootstrap, Duration.ofNanos(System.nanoTime() - start));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
