package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollaboratorRegistryTest {

    @TempDir
    Path dir;

    @Test
    void register_newName_appendsAndKeepsHeaderComment() throws Exception {
        TestPlans.workspace(dir, "keras_cnn_mnist");
        assertThat(CollaboratorRegistry.register(dir, "one")).isTrue();
        assertThat(CollaboratorRegistry.register(dir, "two")).isTrue();
        String text = Files.readString(dir.resolve("plan/cols.yaml"));
        assertThat(text).startsWith("# The collaborators").endsWith("collaborators:\n  - one\n  - two\n");
        assertThat(PlanReader.read(dir).collaborators()).containsExactly("one", "two");
    }

    @Test
    void register_existingName_returnsFalseAndWritesNothing() throws Exception {
        TestPlans.kerasWorkspace(dir);
        Path cols = dir.resolve("plan/cols.yaml");
        var before = Files.getLastModifiedTime(cols);
        String text = Files.readString(cols);
        assertThat(CollaboratorRegistry.register(dir, "one")).isFalse();
        assertThat(Files.readString(cols)).isEqualTo(text);
        assertThat(Files.getLastModifiedTime(cols)).isEqualTo(before);
    }

    @Test
    void register_missingFile_createsIt() throws Exception {
        assertThat(CollaboratorRegistry.register(dir, "site-1")).isTrue();
        assertThat(Files.readString(dir.resolve("plan/cols.yaml"))).isEqualTo("collaborators:\n  - site-1\n");
    }

    @Test
    void register_invalidName_isRefused() {
        assertThatThrownBy(() -> CollaboratorRegistry.register(dir, "../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid collaborator name");
        assertThat(dir.resolve("plan/cols.yaml")).doesNotExist();
    }

    @Test
    void register_brokenColsFile_reportsItAndChangesNothing() throws Exception {
        TestPlans.write(dir, "plan/cols.yaml", "collaborators: [one, one]\n");
        assertThatThrownBy(() -> CollaboratorRegistry.register(dir, "two"))
                .isInstanceOf(PlanException.class).hasMessageContaining("duplicate collaborator 'one'");
        assertThat(Files.readString(dir.resolve("plan/cols.yaml"))).isEqualTo("collaborators: [one, one]\n");
    }

    @Test
    void setDataPath_replacesLineAndKeepsOthers() throws Exception {
        TestPlans.kerasWorkspace(dir);
        CollaboratorRegistry.setDataPath(dir, "two", "/data/site two");
        CollaboratorRegistry.setDataPath(dir, "three", "3");
        String text = Files.readString(dir.resolve("plan/data.yaml"));
        assertThat(text).startsWith("# Data path").endsWith("one,1\ntwo,/data/site two\nthree,3\n");
        assertThat(PlanReader.read(dir).dataPath("two")).contains("/data/site two");
    }

    @Test
    void setDataPath_multiLinePath_isRefused() {
        assertThatThrownBy(() -> CollaboratorRegistry.setDataPath(dir, "one", "a\nb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one non-empty line");
    }

    @Test
    void register_keepsFileMode() throws Exception {
        TestPlans.workspace(dir, "keras_cnn_mnist");
        Path cols = dir.resolve("plan/cols.yaml");
        Files.setPosixFilePermissions(cols, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        CollaboratorRegistry.register(dir, "one");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cols)))
                .isEqualTo("rw-rw-r--");
        CollaboratorRegistry.setDataPath(dir.resolve("new"), "one", "1");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("new/plan/data.yaml")))).isEqualTo("rw-r--r--");
    }
}
