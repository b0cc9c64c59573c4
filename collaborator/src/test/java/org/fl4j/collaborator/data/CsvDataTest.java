package org.fl4j.collaborator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fl4j.plan.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("table.csv"), text);
    }

    @Test
    void read_headerLabelAndQuotedFields() throws IOException {
        Path f = csv("a,\"b, quoted\",label\n1.5,2,1\n\n3,-4e1,0\n");

        LabeledData d = CsvReader.read(f, "label", List.of(), 0);

        assertThat(d.size()).isEqualTo(2);
        assertThat(d.sampleShape()).containsExactly(2);
        assertThat(d.features()).containsExactly(1.5f, 2f, 3f, -40f);
        assertThat(d.labels()).containsExactly(1, 0);
        assertThat(d.classCount()).isEqualTo(2);
    }

    @Test
    void read_namedClasses_mapsToIndices() throws IOException {
        Path f = csv("x,diagnosis\n1,benign\n2,malignant\n");

        assertThat(CsvReader.read(f, "diagnosis", List.of("malignant", "benign"), 0).labels()).containsExactly(1, 0);
    }

    @Test
    void read_nonNumericFeature_namesFileLineAndColumn() throws IOException {
        Path f = csv("age,height,label\n30,180,1\n41,tall,0\n");

        assertThatThrownBy(() -> CsvReader.read(f, "label", List.of(), 0))
                .isInstanceOf(DataException.class)
                .hasMessage(f + ":3: column 'height' holds 'tall', not a number");
    }

    @Test
    void read_missingLabelColumn_namesFileAndColumns() throws IOException {
        Path f = csv("age,height,class\n30,180,1\n");

        assertThatThrownBy(() -> CsvReader.read(f, "label", List.of(), 0))
                .hasMessage(f + ":1: no label column 'label' in the header (columns: age, height, class)");
    }

    @Test
    void read_unknownClassOrWrongWidth_isNamed() throws IOException {
        Path f = csv("x,y\n1,cat\n");
        assertThatThrownBy(() -> CsvReader.read(f, "y", List.of("dog"), 0))
                .hasMessage(f + ":2: label 'cat' in column 'y' is not one of the classes [dog]");
        Path g = csv("x,y\n1,0\n1,2,3\n");
        assertThatThrownBy(() -> CsvReader.read(g, "y", List.of(), 0)).hasMessage(g + ":3: 3 values, the header"
                + " has 2 columns");
    }

    @Test
    void normalise_usesTrainingStatisticsOnly() {
        LabeledData train = new LabeledData("t", new int[] {1}, new float[] {0, 2, 4}, new int[] {0, 1, 0}, 2);
        LabeledData valid = new LabeledData("v", new int[] {1}, new float[] {100}, new int[] {1}, 2);

        LocalData n = TabularPrep.normalise(new LocalData(train, valid));

        double std = Math.sqrt(8.0 / 3);
        assertThat(n.train().features()[0]).isCloseTo((float) (-2 / std), within(1e-6f));
        assertThat(n.validation().features()[0]).isCloseTo((float) (98 / std), within(1e-4f));
    }

    @Test
    void load_csvShard_splitsLocallyAndNormalises() throws IOException {
        StringBuilder text = new StringBuilder("f1,f2,label\n");
        for (int i = 0; i < 100; i++) {
            text.append(i).append(',').append(i * 2).append(',').append(i % 3).append('\n');
        }
        Files.writeString(dir.resolve("all.csv"), text);
        Settings s = new Settings("data_loader.settings", Map.of("format", "csv", "data_file", "all.csv",
                "collaborator_count", 2, "validation_fraction", 0.25));

        LocalData one = DataLoader.load(dir, "one", "1", s, 7);

        assertThat(one.train().size()).isEqualTo(37);
        assertThat(one.validation().size()).isEqualTo(13);
        assertThat(one.train().classCount()).isEqualTo(3);
        double mean = 0;
        for (int i = 0; i < one.train().size(); i++) {
            mean += one.train().features()[i * 2];
        }
        assertThat(mean / one.train().size()).isCloseTo(0, within(1e-5));
    }
}
