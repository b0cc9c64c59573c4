package org.fl4j.workspace.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.fl4j.workspace.archive.WorkspaceArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceImageTest {

    @TempDir
    Path tmp;

    @Test
    void build_onLocalBaseTarball_holdsRuntimeAndWorkspaceButNoSecrets() throws Exception {
        Path ws = tmp.resolve("ws");
        write(ws.resolve(".workspace"), "fl4j workspace\n");
        write(ws.resolve("plan/plan.yaml"), "aggregator: {}\n");
        write(ws.resolve("save/init.fl4j"), "model");
        write(ws.resolve("cert/cert_chain.crt"), "-----BEGIN CERTIFICATE-----\n");
        write(ws.resolve("cert/server/agg_localhost.key"), "-----BEGIN PRIVATE KEY-----\nsecret\n");
        write(ws.resolve("data/site.csv"), "patient,label\n");
        Path archive = WorkspaceArchive.export(ws, "ws", "planhash", Set.of("save/init.fl4j"), tmp.resolve("ws.tar.gz"))
                .archive();
        Path jar = write(tmp.resolve("lib/fl4j-demo-0.1.jar"), "jar bytes");
        Path dep = write(tmp.resolve("lib/picocli-4.7.7.jar"), "dependency bytes");

        ImageSpec spec = new ImageSpec("fl4j/ws:test", "tar://" + baseImage(), tmp.resolve("out/ws-image.tar"), true,
                List.of(jar, dep), archive);
        WorkspaceImage.Built built = WorkspaceImage.build(spec, tmp.resolve("scratch"));

        assertThat(built.workspaceDir()).isEqualTo("/workspace/ws");
        assertThat(built.digest()).startsWith("sha256:");
        ImageLayers image = ImageLayers.read(built.tarball());
        assertThat(image.topLevel).containsKey("index.json");
        assertThat(image.layerFiles).contains("etc/base-marker", "opt/fl4j/lib/fl4j-demo-0.1.jar",
                "opt/fl4j/lib/picocli-4.7.7.jar", "workspace/ws/plan/plan.yaml", "workspace/ws/save/init.fl4j");
        assertThat(image.layerFiles).noneMatch(f -> f.contains("/cert/") || f.contains("/data/"));
        assertThat(image.layerContents.values())
                .noneMatch(b -> new String(b, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----"));
    }

    @Test
    void build_missingBaseTarball_saysWhichFile() throws Exception {
        Path ws = tmp.resolve("ws");
        write(ws.resolve(".workspace"), "x");
        Path archive = WorkspaceArchive.export(ws, "ws", "h", Set.of(), tmp.resolve("ws.tar.gz")).archive();
        ImageSpec spec = new ImageSpec("fl4j/ws:test", "tar:///nonexistent/base.tar", tmp.resolve("o.tar"), true,
                List.of(write(tmp.resolve("fx-cli.jar"), "x")), archive);
        assertThatThrownBy(() -> WorkspaceImage.build(spec, tmp.resolve("scratch")))
                .hasMessageContaining("/nonexistent/base.tar does not exist");
    }

    /** A tiny base image made offline, standing in for a JRE image pulled from a registry. */
    private Path baseImage() throws Exception {
        Path marker = write(tmp.resolve("base/base-marker"), "base");
        Path tar = tmp.resolve("base.tar");
        Jib.fromScratch()
                .addLayer(List.of(marker), AbsoluteUnixPath.get("/etc"))
                .containerize(Containerizer.to(TarImage.at(tar).named("fl4j-test-base:1"))
                        .setBaseImageLayersCache(tmp.resolve("bc")).setApplicationLayersCache(tmp.resolve("ac")));
        return tar;
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
