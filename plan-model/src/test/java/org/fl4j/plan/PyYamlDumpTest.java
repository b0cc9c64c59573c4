package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class PyYamlDumpTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = PyYamlDumpTest.class.getResourceAsStream("pyyaml/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void dump_casesLoadedLikePyYamlSafeLoad_sameTextAsPyYamlDump() throws IOException {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(resource("cases.yaml"));

        assertThat(PyYamlDump.dump(loaded)).isEqualTo(resource("cases.expected"));
    }

    @Test
    void floatText_pythonRepr() {
        assertThat(PyYamlDump.floatText(0.1)).isEqualTo("0.1");
        assertThat(PyYamlDump.floatText(1e-4)).isEqualTo("0.0001");
        assertThat(PyYamlDump.floatText(1e-5)).isEqualTo("1.0e-05");
        assertThat(PyYamlDump.floatText(2.5e-7)).isEqualTo("2.5e-07");
        assertThat(PyYamlDump.floatText(1e16)).isEqualTo("1.0e+16");
        assertThat(PyYamlDump.floatText(123456.0)).isEqualTo("123456.0");
        assertThat(PyYamlDump.floatText(-0.5)).isEqualTo("-0.5");
    }

    @Test
    void dump_textPyYamlWouldFold_refused() {
        String words = "word ".repeat(30).strip();
        assertThatThrownBy(() -> PyYamlDump.dump(Map.of("k", words))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PyYAML folds it");
    }
}
