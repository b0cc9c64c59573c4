package org.fl4j.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * One site's container without a container engine: its own root file system (an overlay whose lower layer is
 * the unpacked image, shared by every site, and whose upper layer takes this site's writes, as an engine's
 * writable layer does), the {@code /proc}, {@code /sys}, {@code /dev} and {@code /etc/hosts} an engine
 * provides, and the site's folders bind-mounted where {@code docker run -v} would put them. {@link #start}
 * runs the image's command with the image's environment only, chrooted, in the site's network namespace.
 * {@link #close} stops the process and undoes every mount in reverse order (lazily when a plain unmount
 * fails), and fails if anything is still mounted under the site's folder.
 */
final class ChrootSite implements AutoCloseable {

    /** {@code docker run -v source:target[:ro]}; a missing source becomes an empty folder, as with docker. */
    record Volume(Path source, String target, boolean readOnly) {
    }

    private static final Duration COMMAND = Duration.ofMinutes(1);

    private final Path dir;
    private final Path root;
    private final Deque<Path> mounted = new ArrayDeque<>();
    private FxProcess process;

    private ChrootSite(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
    }

    /** Mounts the site's root file system under {@code dir}; on failure undoes what was mounted and rethrows. */
    static ChrootSite prepare(Path imageRootfs, Path dir, List<Volume> volumes) throws IOException {
        ChrootSite site = new ChrootSite(dir);
        try {
            site.mountAll(imageRootfs, volumes);
        } catch (RuntimeException | IOException e) {
            site.close();
            throw e;
        }
        return site;
    }

    private void mountAll(Path lower, List<Volume> volumes) throws IOException {
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        mount(Files.createDirectories(root), "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
        mount(Files.createDirectories(root.resolve("proc")), "-t", "proc", "proc");
        mount(Files.createDirectories(root.resolve("sys")), "-t", "sysfs", "-o", "ro,nosuid,nodev,noexec", "sysfs");
        Path dev = mount(Files.createDirectories(root.resolve("dev")), "-t", "tmpfs", "-o", "mode=755,nosuid", "tmpfs");
        String[][] nodes = {{"null", "1", "3"}, {"zero", "1", "5"}, {"full", "1", "7"}, {"random", "1", "8"},
            {"urandom", "1", "9"}, {"tty", "5", "0"}};
        for (String[] n : nodes) {
            HostCommands.run(COMMAND, "mknod", "-m", "666", dev.resolve(n[0]).toString(), "c", n[1], n[2]);
        }
        Files.createDirectories(dev.resolve("shm"));
        Files.createSymbolicLink(dev.resolve("fd"), Path.of("/proc/self/fd"));
        for (String[] s : new String[][] {{"stdin", "0"}, {"stdout", "1"}, {"stderr", "2"}}) {
            Files.createSymbolicLink(dev.resolve(s[0]), Path.of("/proc/self/fd/" + s[1]));
        }
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
        volumes = new ArrayList<>(volumes);
        volumes.add(0, new Volume(hosts, "/etc/hosts", true));
        for (Volume v : volumes) {
            Path target = inside(v.target());
            if (!Files.exists(v.source())) {
                Files.createDirectories(v.source()); // as docker run -v does with a missing host path
            }
            if (Files.isDirectory(v.source())) {
                Files.createDirectories(target);
            } else if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Files.createFile(target);
            }
            mount(target, "--bind", "-o", v.readOnly() ? "ro" : "rw", v.source().toString());
        }
    }

    private Path mount(Path target, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "mount";
        System.arraycopy(args, 0, command, 1, args.length);
        command[command.length - 1] = target.toString();
        HostCommands.run(COMMAND, command);
        mounted.push(target);
        return target;
    }

    private Path inside(String containerPath) {
        return root.resolve(containerPath.replaceFirst("^/+", ""));
    }

    /**
     * Runs {@code config}'s command with {@code args} (replacing the image's Cmd) in network namespace
     * {@code netns}: the environment is the image's Env and nothing else, the root is this site's, the working
     * folder the image's WorkingDir; {@code java} is found on the image's PATH inside the root.
     */
    FxProcess start(String name, Path logDir, String netns, ImageBundle.Config config, List<String> args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns, "/usr/bin/env", "-i"));
        command.addAll(config.env());
        command.addAll(List.of("/usr/bin/unshare", "--root=" + root, "--wd=" + config.workingDir()));
        command.addAll(config.command(args));
        process = FxProcess.launch(name, command, dir, logDir);
        return process;
    }

    /** Regular files this site wrote into its own layer under {@code containerDir} (lost with a container). */
    List<String> writtenUnder(String containerDir) throws IOException {
        Path top = dir.resolve("upper").resolve(containerDir.replaceFirst("^/+", ""));
        if (!Files.isDirectory(top)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(top)) {
            return files.filter(Files::isRegularFile).map(p -> "/" + dir.resolve("upper").relativize(p)).sorted()
                    .toList();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        List<String> failed = new ArrayList<>();
        while (!mounted.isEmpty()) {
            Path target = mounted.pop();
            try {
                HostCommands.run(COMMAND, "umount", target.toString());
            } catch (IllegalStateException busy) {
                try {
                    HostCommands.run(COMMAND, "umount", "--lazy", target.toString());
                } catch (IllegalStateException e) {
                    failed.add(target + ": " + e.getMessage());
                }
            }
        }
        List<String> left = mountsUnder(dir);
        if (!failed.isEmpty() || !left.isEmpty()) {
            throw new IllegalStateException("could not unmount " + failed + "; still mounted: " + left);
        }
    }

    /** Mount points at or below {@code dir} in this mount namespace (/proc/self/mountinfo). */
    static List<String> mountsUnder(Path dir) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            String prefix = dir.toRealPath().toString();
            return lines.map(l -> l.split(" ")[4].replace("\\040", " "))
                    .filter(p -> p.equals(prefix) || p.startsWith(prefix + "/")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
