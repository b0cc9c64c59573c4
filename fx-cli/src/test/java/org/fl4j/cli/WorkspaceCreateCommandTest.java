package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceCreateCommandTest {

    @TempDir
    Path dir;

    private final FxRunner fx = new FxRunner();

    @Test
    void create_keras_printsTreeAndMakesWorkspace() {
        assertThat(fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template",
                "keras_cnn_mnist")).isEqualTo(Fx.OK);
        assertThat(fx.out()).startsWith("ws/\n").contains("├── plan/", "│   └── plan.yaml", "Created workspace "
                + dir.resolve("ws"));
        assertThat(dir.resolve("ws/plan/defaults/network.yaml")).isRegularFile();
        assertThat(fx.err()).isEmpty();
    }

    @Test
    void create_missingTemplate_listsTemplates() {
        assertThat(fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws")).isEqualTo(Fx.USAGE);
        assertThat(fx.err()).startsWith("Error: Missing option '--template'. Choose from: keras_cnn_mnist");
        assertThat(dir.resolve("ws")).doesNotExist();
    }

    @Test
    void create_unknownTemplate_failsListingTemplates() {
        assertThat(fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template", "torch"))
                .isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).isEqualTo("Error: unknown template 'torch': choose from keras_cnn_mnist, dl4j_mlp_mnist,"
                + " dl4j_cnn_mnist, fed_eval_mnist, tabular_csv, dl4j_cnn_histology, dl4j_unet_2d"
                + System.lineSeparator());
    }

    @Test
    void create_nonEmptyFolder_failsAndChangesNothing() throws Exception {
        Files.createDirectories(dir.resolve("ws"));
        Files.writeString(dir.resolve("ws/keep.txt"), "x");
        assertThat(fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "ws", "--template",
                "keras_cnn_mnist")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("exists and is not empty");
        try (Stream<Path> s = Files.list(dir.resolve("ws"))) {
            assertThat(s).hasSize(1);
        }
    }

    @Test
    void create_escapingPrefix_fails() {
        assertThat(fx.run("-W", dir.resolve("a").toString(), "workspace", "create", "--prefix", "../../ws",
                "--template", "keras_cnn_mnist")).isEqualTo(Fx.FAILURE);
        assertThat(fx.err()).contains("leaves the current folder through '..'");
    }

    @Test
    void twoWorkspacesFromSameTemplate_reportSameHash() {
        fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "a", "--template", "keras_cnn_mnist");
        fx.run("-W", dir.toString(), "workspace", "create", "--prefix", "b", "--template", "keras_cnn_mnist");
        assertThat(fx.run("-W", dir.resolve("a").toString(), "plan", "print")).isEqualTo(Fx.OK);
        String a = hashLine(fx.out());
        assertThat(fx.run("-W", dir.resolve("b").toString(), "plan", "print")).isEqualTo(Fx.OK);
        assertThat(hashLine(fx.out())).isEqualTo(a).matches("# hash: [0-9a-f]{96}");
    }

    @Test
    void help_describesCreate() {
        assertThat(fx.run("workspace", "create", "--help")).isEqualTo(Fx.OK);
        assertThat(fx.out()).contains("--prefix=DIR", "--template=NAME", "keras_cnn_mnist");
    }

    static String hashLine(String out) {
        return out.lines().filter(l -> l.startsWith("# hash: ")).findFirst().orElseThrow();
    }
}
