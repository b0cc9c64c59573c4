package org.fl4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An image tarball unpacked as a container engine would: copied into an OCI layout with skopeo (which reads
 * OCI and docker-save tarballs alike), its layers applied in order into one root file system with umoci, and
 * the run configuration read from the image's config blob (index, manifest, config), exactly the fields
 * {@code docker run} executes: Entrypoint, Cmd, Env and WorkingDir.
 */
record ImageBundle(Path rootfs, Config config) {

    /** The image config's {@code config} object; lists are empty when the image leaves a field out. */
    record Config(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir) {

        /** What {@code docker run IMAGE ARGS...} executes: the entry point with ARGS instead of Cmd. */
        List<String> command(List<String> args) {
            List<String> all = new ArrayList<>(entrypoint);
            all.addAll(args.isEmpty() ? cmd : args);
            return all;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF = "fl4j";

    /** Unpacks {@code tarball} (OCI archive) under {@code dir}: {@code dir/layout} and {@code dir/bundle/rootfs}. */
    static ImageBundle unpack(Path tarball, Path dir, boolean oci) throws IOException {
        Path layout = Files.createDirectories(dir).resolve("layout");
        Path bundle = dir.resolve("bundle");
        Duration timeout = Duration.ofMinutes(10);
        HostCommands.run(timeout, "skopeo", "copy", "--quiet", (oci ? "oci-archive:" : "docker-archive:") + tarball,
                "oci:" + layout + ":" + REF);
        HostCommands.run(timeout, "umoci", "unpack", "--image", layout + ":" + REF, bundle.toString());
        return new ImageBundle(bundle.resolve("rootfs"), config(layout));
    }

    /** index.json names the manifest of tag {@value #REF}; the manifest names the config blob. */
    static Config config(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        String manifest = null;
        for (JsonNode m : index.path("manifests")) {
            if (REF.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                manifest = m.path("digest").asText();
            }
        }
        if (manifest == null) {
            throw new IllegalStateException(layout + "/index.json has no manifest named " + REF + ": " + index);
        }
        JsonNode config = blob(layout, blob(layout, manifest).path("config").path("digest").asText()).path("config");
        return new Config(strings(config.path("Entrypoint")), strings(config.path("Cmd")), strings(config.path("Env")),
                config.path("WorkingDir").asText("/"));
    }

    private static JsonNode blob(Path layout, String digest) throws IOException {
        String[] parts = digest.split(":", 2);
        if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}")) {
            throw new IllegalStateException("not a sha256 digest in " + layout + ": '" + digest + "'");
        }
        return JSON.readTree(Files.readAllBytes(layout.resolve("blobs").resolve(parts[0]).resolve(parts[1])));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
