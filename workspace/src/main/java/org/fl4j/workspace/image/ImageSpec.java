package org.fl4j.workspace.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link WorkspaceImage} builds: the image tag, the base image (a registry reference such as
 * {@code eclipse-temurin:17-jre}, or {@code tar:///path/base.tar} for a saved image, which needs no network),
 * the output tarball, OCI or Docker manifest format, the fl4j runtime jars, and the exported workspace.
 */
public record ImageSpec(
        String tag,
        String baseImage,
        Path output,
        boolean oci,
        List<Path> runtimeJars,
        Path workspaceArchive) {

    public static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:17-jre";

    public ImageSpec {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(baseImage, "baseImage");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(workspaceArchive, "workspaceArchive");
        runtimeJars = List.copyOf(runtimeJars);
        if (runtimeJars.isEmpty()) {
            throw new IllegalArgumentException("no fl4j runtime jars to put in the image");
        }
    }
}
