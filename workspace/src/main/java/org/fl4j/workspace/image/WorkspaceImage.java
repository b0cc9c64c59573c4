package org.fl4j.workspace.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.fl4j.workspace.archive.ArchiveLimits;
import org.fl4j.workspace.archive.Manifest;
import org.fl4j.workspace.archive.WorkspaceArchive;

/**
 * Builds a container image tarball of the fx runtime plus an exported workspace with Jib Core: no Docker
 * daemon needed. Layers: third-party jars, fl4j's own jars, and the workspace as the export left it (so no
 * key, certificate, data or log can be in any layer). Certificates and data are mounted at run time.
 */
public final class WorkspaceImage {

    static final String APP = "/opt/fl4j";
    static final String WORKSPACES = "/workspace";

    private WorkspaceImage() {
    }

    /** The built image: its tarball, digest and the workspace folder inside it. */
    public record Built(Path tarball, String digest, String workspaceDir) {
    }

    public static Built build(ImageSpec spec, Path scratch) throws IOException {
        Path unpacked = scratch.resolve("workspace");
        Manifest manifest = WorkspaceArchive.importArchive(spec.workspaceArchive(), unpacked, ArchiveLimits.DEFAULT);
        String workdir = WORKSPACES + "/" + manifest.workspace();
        try {
            JibContainerBuilder builder = base(spec.baseImage())
                    .addFileEntriesLayer(jarLayer("fl4j-dependencies", spec.runtimeJars(), false))
                    .addFileEntriesLayer(jarLayer("fl4j-application", spec.runtimeJars(), true))
                    .addFileEntriesLayer(workspaceLayer(unpacked, AbsoluteUnixPath.get(workdir)))
                    .setEntrypoint(List.of("java", "--add-modules=jdk.incubator.vector", "-cp", APP + "/lib/*",
                            "org.fl4j.cli.Fx"))
                    .setProgramArguments(List.of("--help"))
                    .setWorkingDirectory(AbsoluteUnixPath.get(workdir))
                    .addLabel("org.opencontainers.image.title", "fl4j workspace " + manifest.workspace())
                    .addLabel("org.fl4j.plan-hash", manifest.planHash())
                    .setFormat(spec.oci() ? ImageFormat.OCI : ImageFormat.Docker);
            Files.createDirectories(spec.output().toAbsolutePath().getParent());
            JibContainer container = builder.containerize(Containerizer.to(TarImage.at(spec.output()).named(spec.tag()))
                    .setToolName("fl4j")
                    .setBaseImageLayersCache(scratch.resolve("base-cache"))
                    .setApplicationLayersCache(scratch.resolve("app-cache")));
            return new Built(spec.output(), container.getDigest().toString(), workdir);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException("invalid image reference: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("image build failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("image build interrupted", e);
        } catch (com.google.cloud.tools.jib.api.CacheDirectoryCreationException
                | com.google.cloud.tools.jib.api.RegistryException e) {
            throw new IOException("image build failed: " + e.getMessage(), e);
        }
    }

    private static JibContainerBuilder base(String reference) throws InvalidImageReferenceException {
        if (reference.startsWith(Jib.TAR_IMAGE_PREFIX)) {
            Path tar = Path.of(reference.substring(Jib.TAR_IMAGE_PREFIX.length()));
            if (!Files.isRegularFile(tar)) {
                throw new IllegalArgumentException("base image tarball " + tar + " does not exist");
            }
            return Jib.from(TarImage.at(tar));
        }
        return Jib.from(reference);
    }

    private static FileEntriesLayer jarLayer(String name, List<Path> jars, boolean ours) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (Path jar : jars) {
            String file = jar.getFileName().toString();
            boolean isOurs = file.startsWith("fl4j-") || file.equals("fx-cli.jar");
            if (isOurs == ours) {
                layer.addEntry(jar, AbsoluteUnixPath.get(APP + "/lib/" + file));
            }
        }
        return layer.build();
    }

    private static FileEntriesLayer workspaceLayer(Path root, AbsoluteUnixPath target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("workspace");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                layer.addEntry(file, target.resolve(rel), FilePermissions.DEFAULT_FILE_PERMISSIONS);
            }
        }
        return layer.build();
    }
}
