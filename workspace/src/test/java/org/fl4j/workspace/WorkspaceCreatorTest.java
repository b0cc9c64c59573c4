package org.fl4j.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceCreatorTest {

    @TempDir
    Path cwd;

    @Test
    void create_keras_makesSkeletonAndTemplate() throws Exception {
        Path ws = WorkspaceCreator.create(cwd, Path.of("ws"), "keras_cnn_mnist");
        assertThat(ws).isEqualTo(cwd.resolve("ws"));
        assertThat(ws.resolve(".workspace")).isRegularFile();
        for (String d : new String[] {"cert", "data", "save", "logs", "code", "plan/defaults"}) {
            assertThat(ws.resolve(d)).isDirectory();
        }
        for (String s : new String[] {"aggregator", "collaborator", "network", "assigner", "tasks", "data_loader",
            "task_runner", "compression_pipeline", "straggler_handling_policy", "privacy"}) {
            assertThat(ws.resolve("plan/defaults/" + s + ".yaml")).isRegularFile();
        }
        assertThat(ws.resolve("plan/plan.yaml")).isRegularFile();
        assertThat(ws.resolve("code/keras_cnn_mnist.json")).isRegularFile();
        assertThat(ws.resolve("code/keras_cnn_mnist_dp.json")).isRegularFile();
        assertThat(ws.resolve("cert/.keep")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(ws.resolve("cert")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Plan plan = PlanReader.read(ws);
        assertThat(plan.dataPaths()).containsEntry("one", "1").containsEntry("two", "2");
        try (Stream<Path> s = Files.list(cwd)) {
            assertThat(s).containsExactly(ws);
        }
    }

    @Test
    void create_sameTemplateTwice_sameHash() throws Exception {
        Path a = WorkspaceCreator.create(cwd, Path.of("a"), "keras_cnn_mnist");
        Path b = WorkspaceCreator.create(cwd, Path.of("nested/b"), "keras_cnn_mnist");
        assertThat(PlanReader.read(a).hash()).isEqualTo(PlanReader.read(b).hash());
    }

    @Test
    void create_emptyExistingFolder_isUsed() throws Exception {
        Files.createDirectory(cwd.resolve("ws"));
        WorkspaceCreator.create(cwd, Path.of("ws"), "keras_cnn_mnist");
        assertThat(cwd.resolve("ws/plan/plan.yaml")).isRegularFile();
    }

    @Test
    void create_nonEmptyFolder_isRefusedAndUntouched() throws Exception {
        Files.createDirectories(cwd.resolve("ws"));
        Files.writeString(cwd.resolve("ws/notes.txt"), "mine");
        assertThatThrownBy(() -> WorkspaceCreator.create(cwd, Path.of("ws"), "keras_cnn_mnist"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists and is not empty");
        try (Stream<Path> s = Files.list(cwd.resolve("ws"))) {
            assertThat(s).containsExactly(cwd.resolve("ws/notes.txt"));
        }
    }

    @Test
    void create_escapingPrefix_isRefused() {
        assertThatThrownBy(() -> WorkspaceCreator.create(cwd.resolve("sub"), Path.of("../../ws"), "keras_cnn_mnist"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves the current folder");
        assertThat(cwd.getParent().resolve("ws")).doesNotExist();
    }

    @Test
    void create_dotDotStayingInside_isAllowed() throws Exception {
        Path ws = WorkspaceCreator.create(cwd, Path.of("x/../ws"), "keras_cnn_mnist");
        assertThat(ws).isEqualTo(cwd.resolve("ws"));
    }

    @Test
    void create_currentFolder_isRefused() {
        assertThatThrownBy(() -> WorkspaceCreator.create(cwd, Path.of("."), "keras_cnn_mnist"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("current folder");
    }

    @Test
    void create_prefixIsAFile_isRefused() throws Exception {
        Files.writeString(cwd.resolve("ws"), "x");
        assertThatThrownBy(() -> WorkspaceCreator.create(cwd, Path.of("ws"), "keras_cnn_mnist"))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void create_unknownTemplate_listsValidOnesAndWritesNothing() throws Exception {
        assertThatThrownBy(() -> WorkspaceCreator.create(cwd, Path.of("ws"), "keras_cnn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown template 'keras_cnn': choose from " + String.join(", ", Templates.names()));
        try (Stream<Path> s = Files.list(cwd)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void templates_indexListsKeras() {
        assertThat(Templates.names()).contains("keras_cnn_mnist");
        assertThat(Templates.find("keras_cnn_mnist").orElseThrow().description()).isNotBlank();
    }

    @Test
    void everyTemplate_readsAsAValidPlan() throws Exception {
        for (String name : Templates.names()) {
            Path ws = WorkspaceCreator.create(cwd, Path.of(name), name);
            assertThat(PlanReader.read(ws).hash()).as(name).hasSize(96);
        }
    }

    @Test
    void skeletonListing_matchesSourceFolder() throws Exception {
        Path src = Path.of("../workspace-skel/src/main/resources/org/fl4j/skeleton");
        try (Stream<Path> s = Files.walk(src)) {
            var onDisk = s.filter(Files::isRegularFile).map(p -> src.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("files.txt")).sorted().toList();
            assertThat(BundledFiles.listing(BundledFiles.SKELETON)).containsExactlyInAnyOrderElementsOf(onDisk);
        }
    }

    @Test
    void templateListings_matchSourceFolders() throws Exception {
        for (String name : Templates.names()) {
            Path src = Path.of("../templates/src/main/resources/org/fl4j/templates/" + name);
            try (Stream<Path> s = Files.walk(src)) {
                var onDisk = s.filter(Files::isRegularFile).map(p -> src.relativize(p).toString().replace('\\', '/'))
                        .filter(p -> !p.equals("files.txt")).sorted().toList();
                assertThat(BundledFiles.listing(BundledFiles.TEMPLATES + name + "/")).as(name)
                        .containsExactlyInAnyOrderElementsOf(onDisk);
            }
        }
    }

    @Test
    void render_showsFoldersThenFiles() throws Exception {
        Path ws = WorkspaceCreator.create(cwd, Path.of("ws"), "keras_cnn_mnist");
        String tree = DirectoryTree.render(ws);
        assertThat(tree).startsWith("ws/\n├── cert/\n").contains("│   ├── defaults/\n", "│   │   ├── aggregator.yaml\n",
                "└── .workspace\n").endsWith("\n7 directories, 16 files\n");
    }
}
