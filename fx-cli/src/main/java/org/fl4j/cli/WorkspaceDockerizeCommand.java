package org.fl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.fl4j.workspace.image.ImageSpec;
import org.fl4j.workspace.image.WorkspaceImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx workspace dockerize}: an image tarball of the fx runtime plus the exported workspace. */
@Command(name = "dockerize", mixinStandardHelpOptions = true,
        description = {"Export the workspace and build a container image tarball of the fx runtime plus the"
                + " workspace with Jib (no Docker daemon needed); load it with 'docker load -i FILE'.",
            "No key, certificate, data or log is in any layer: mount cert/ and the data at run time"
                    + " (see docs/partner-sites.md)."})
final class WorkspaceDockerizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tag", paramLabel = "IMAGE", description = "Image name and tag (default: fl4j/<workspace>:latest).")
    String tag;

    @Option(names = "--base-image", paramLabel = "REF", defaultValue = ImageSpec.DEFAULT_BASE_IMAGE,
            description = "Base image with a Java 17+ runtime: a registry reference (default: ${DEFAULT-VALUE}) or"
                    + " tar:///path/image.tar for a saved image (works offline).")
    String baseImage;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Image tarball to write (default: <workspace>/<workspace>-image.tar).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "oci",
            description = "Image format: oci (default) or docker.")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("oci") && !format.equals("docker")) {
            throw new FxException("--format must be oci or docker, found '" + format + "'");
        }
        Path ws = CliContext.workspace();
        String name = ws.getFileName().toString();
        Path scratch = Files.createTempDirectory("fl4j-dockerize");
        try {
            Path archive = scratch.resolve(name + ".tar.gz");
            int code = new picocli.CommandLine(new WorkspaceExportCommand())
                    .setOut(spec.commandLine().getOut()).setErr(spec.commandLine().getErr())
                    .setExecutionExceptionHandler(new FailureHandler())
                    .execute("--output", archive.toString());
            if (code != Fx.OK) {
                return code;
            }
            Path image = output != null ? output.toAbsolutePath() : ws.resolve(name + "-image.tar");
            String imageTag = tag != null ? tag : "fl4j/" + name.toLowerCase(java.util.Locale.ROOT) + ":latest";
            WorkspaceImage.Built built = WorkspaceImage.build(
                    new ImageSpec(imageTag, baseImage, image, format.equals("oci"), runtimeJars(), archive),
                    scratch.resolve("build"));
            var out = spec.commandLine().getOut();
            out.printf("Image %s (%s) written to %s%n", imageTag, built.digest(), built.tarball());
            out.printf("Load it with: docker load -i %s%n", built.tarball().getFileName());
            out.printf("The workspace is at %s in the image; mount cert/ and data at run time.%n", built.workspaceDir());
            return Fx.OK;
        } finally {
            deleteTree(scratch);
        }
    }

    /** fx-cli.jar and the jars beside it in lib/: what ./fx runs. */
    static List<Path> runtimeJars() throws IOException {
        Path self;
        try {
            self = Path.of(Fx.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | SecurityException e) {
            throw new FxException("cannot locate the fx runtime jars: " + e.getMessage());
        }
        if (!Files.isRegularFile(self) || !Files.isDirectory(self.resolveSibling("lib"))) {
            throw new FxException("dockerize needs the packaged fx (fx-cli.jar with its lib/ folder): run it"
                    + " through ./fx after 'mvn package'");
        }
        List<Path> jars = new ArrayList<>();
        jars.add(self);
        try (Stream<Path> lib = Files.list(self.resolveSibling("lib"))) {
            lib.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        return jars;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
