package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollaboratorCreateCommandTest {

    @TempDir
    Path dir;

    private final FxRunner fx = new FxRunner();

    @Test
    void create_recordsDataPath() throws Exception {
        fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template", "keras_cnn_mnist");
        Path ws = dir.resolve("ws");
        assertThat(fx.run("-W", ws.toString(), "collaborator", "create", "-n", "three", "-d", "/data/three"))
                .isEqualTo(Fx.OK);
        assertThat(Files.readString(ws.resolve("plan/data.yaml"))).endsWith("two,2\nthree,/data/three\n");
        assertThat(fx.out()).contains("Collaborator three: data path '/data/three' recorded in plan/data.yaml");
    }

    @Test
    void create_invalidName_failsWithReason() {
        fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template", "keras_cnn_mnist");
        assertThat(fx.run("-W", dir.resolve("ws").toString(), "collaborator", "create", "-n", "a/b", "-d", "1"))
                .isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("invalid collaborator name 'a/b'");
    }

    @Test
    void create_outsideWorkspace_fails() {
        assertThat(fx.run("-W", dir.toString(), "collaborator", "create", "-n", "one", "-d", "1")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("is not an fl4j workspace");
        assertThat(dir.resolve("plan")).doesNotExist();
    }

    @Test
    void start_metricsPortOutOfRange_isAUsageErrorNamingTheOption() {
        fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template", "keras_cnn_mnist");

        assertThat(fx.run("-W", dir.resolve("ws").toString(), "collaborator", "start", "-n", "one",
                "--metrics-port", "70000")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).contains("--metrics-port must be in 1..65535, found 70000");
    }
}
