package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden plan fixtures under {@code plans/}. Each invalid fixture {@code NAME.plan.yaml},
 * {@code NAME.cols.yaml} or {@code NAME.data.yaml} replaces that file of a keras_cnn_mnist workspace and
 * must fail with exactly the message in {@code NAME.expected}. Each valid fixture must read, and its
 * canonical YAML, written back as the plan, must read to the same plan and hash (what freeze relies on).
 *
 * <p>After a deliberate change of wording, regenerate the expected files with
 * {@code mvn -pl plan-model test -Dtest=PlanFixturesTest -Dfl4j.regenerate=src/test/resources/plans/invalid}
 * and review the diff.
 */
class PlanFixturesTest {

    private static final List<String> KINDS = List.of("plan", "cols", "data");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> invalidFixtures_failWithExpectedMessage() throws IOException {
        Path dir = fixtures("invalid");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".expected")).sorted().map(expected -> {
                String name = expected.getFileName().toString().replace(".expected", "");
                return DynamicTest.dynamicTest(name, () -> checkInvalid(dir, name, expected));
            }).toList().stream();
        }
    }

    private void checkInvalid(Path dir, String name, Path expected) throws IOException {
        Path ws = TestPlans.kerasWorkspace(Files.createDirectory(tmp.resolve(name)));
        boolean any = false;
        for (String kind : KINDS) {
            Path fixture = dir.resolve(name + "." + kind + ".yaml");
            if (Files.exists(fixture)) {
                Files.copy(fixture, ws.resolve("plan/" + kind + ".yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                any = true;
            }
        }
        assertThat(any).as("fixture files of " + name).isTrue();
        PlanException e = catchThrowableOfType(PlanException.class, () -> PlanReader.read(ws));
        assertThat(e).as(name + " must be rejected").isNotNull();
        String regenerate = System.getProperty("fl4j.regenerate");
        if (regenerate != null) {
            Files.writeString(Path.of(regenerate, name + ".expected"), e.getMessage() + "\n", StandardCharsets.UTF_8);
            return;
        }
        assertThat(e.getMessage()).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8).strip());
    }

    @TestFactory
    Stream<DynamicTest> invalidFixtures_eachHasExpectedFile() throws IOException {
        Path dir = fixtures("invalid");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml")).sorted()
                    .map(f -> DynamicTest.dynamicTest(f, () -> assertThat(dir.resolve(
                            f.substring(0, f.indexOf('.')) + ".expected")).exists())).toList().stream();
        }
    }

    @TestFactory
    Stream<DynamicTest> validFixtures_readAndRoundTripTheirCanonicalForm() throws IOException {
        Path dir = fixtures("valid");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".plan.yaml")).sorted().map(f -> {
                String name = f.getFileName().toString().replace(".plan.yaml", "");
                return DynamicTest.dynamicTest(name, () -> {
                    Path ws = TestPlans.kerasWorkspace(Files.createDirectory(tmp.resolve(name)));
                    Files.copy(f, ws.resolve("plan/plan.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Plan plan = PlanReader.read(ws);
                    Files.writeString(ws.resolve("plan/frozen.yaml"), plan.toYaml());
                    Plan again = PlanReader.read(ws, Path.of("plan/frozen.yaml"), null, null);
                    assertThat(again).isEqualTo(plan);
                    assertThat(again.hash()).isEqualTo(plan.hash());
                });
            }).toList().stream();
        }
    }

    private static Path fixtures(String kind) {
        try {
            return Path.of(PlanFixturesTest.class.getResource("/plans/" + kind).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
