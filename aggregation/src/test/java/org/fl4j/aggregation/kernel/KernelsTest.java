package org.fl4j.aggregation.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void select_moduleAbsent_scalarWithOneWarningNamingTheFlag() {
        List<String> warnings = new ArrayList<>();
        assertThat(Kernels.select(false, warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("--add-modules jdk.incubator.vector");
    }

    @Test
    void select_modulePresent_vectorWithoutWarning() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        List<String> warnings = new ArrayList<>();
        assertThat(Kernels.select(present, warnings::add).map(FoldKernels::name))
                .isEqualTo(Kernels.vector().map(FoldKernels::name));
        if (present) {
            assertThat(Kernels.vector()).get().extracting(FoldKernels::name).isEqualTo("vector");
            assertThat(warnings).isEmpty();
        }
    }

    /** A real JVM without the flag: scalar kernels, and the warning on its log exactly once. */
    @Test
    void childJvm_withoutFlag_fallsBackToScalarAndWarnsOnce() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                KernelsProbe.class.getName()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("kernels=scalar-parallel vector=false");
        assertThat(out.split("--add-modules jdk.incubator.vector", -1)).as(out).hasSize(2);
    }
}
