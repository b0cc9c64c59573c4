package org.fl4j.collaborator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitioningTest {

    @TempDir
    Path dir;

    private Partitioning csv(String text) throws Exception {
        Path f = dir.resolve("partitioning_1.csv");
        Files.writeString(f, text);
        return Partitioning.read(f);
    }

    @Test
    void subjects_fetsStyleCsv_givesThePartitionsSubjectsInOrder() throws Exception {
        Partitioning p = csv("Subject_ID,Partition_ID\nFeTS_001,1\nFeTS_002,2\nFeTS_003,1\n");

        assertThat(p.subjects(1, List.of("FeTS_001", "FeTS_002", "FeTS_003", "extra"), "one"))
                .containsExactly("FeTS_001", "FeTS_003");
    }

    @Test
    void subjects_unknownSubject_namesFileAndSubject() throws Exception {
        Partitioning p = csv("Subject_ID,Partition_ID\nFeTS_001,1\nFeTS_404,2\n");

        assertThatThrownBy(() -> p.subjects(1, List.of("FeTS_001"), "one")).isInstanceOf(DataException.class)
                .hasMessageContaining("partitioning_1.csv").hasMessageContaining("not found in the data: FeTS_404");
    }

    @Test
    void subjects_partitionWithoutSubjects_namesCollaborator() throws Exception {
        Partitioning p = csv("Subject_ID,Partition_ID\nFeTS_001,1\n");

        assertThatThrownBy(() -> p.subjects(3, List.of("FeTS_001"), "three")).isInstanceOf(DataException.class)
                .hasMessageContaining("partition 3 (the data path of collaborator three) has no subjects")
                .hasMessageContaining("[1]");
    }

    @Test
    void read_badLines_nameFileAndLine() throws Exception {
        assertThatThrownBy(() -> csv("Subject,Site\n")).hasMessageContaining("partitioning_1.csv:1: expected the header");
        assertThatThrownBy(() -> csv("Subject_ID,Partition_ID\nA,1\nB,x\n")).hasMessageContaining(":3: Partition_ID 'x'");
        assertThatThrownBy(() -> csv("Subject_ID,Partition_ID\nA,1\nA,2\n")).hasMessageContaining(":3: subject A is"
                + " listed twice");
    }
}
