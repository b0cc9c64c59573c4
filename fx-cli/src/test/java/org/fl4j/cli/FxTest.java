package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FxTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int fx(String... args) {
        return Fx.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void version_printsProjectVersion() {
        assertThat(fx("--version")).isEqualTo(Fx.OK);
        assertThat(out.toString()).startsWith("fl4j fx ").doesNotContain("unknown");
    }

    @Test
    void help_listsCommandGroups() {
        assertThat(fx("--help")).isEqualTo(Fx.OK);
        assertThat(out.toString()).contains("workspace", "plan", "aggregator", "collaborator", "model");
    }

    @Test
    void unknownCommand_isUsageErrorWithHint() {
        assertThat(fx("nosuch")).isEqualTo(Fx.USAGE);
        assertThat(err.toString()).contains("Unmatched argument", "Try 'fx --help'");
    }

    @Test
    void badLogLevel_isUsageError() {
        assertThat(fx("-l", "loud", "plan")).isEqualTo(Fx.USAGE);
        assertThat(err.toString()).contains("unknown log level 'loud'");
    }

    @Test
    void generateCompletion_printsBashScript() {
        assertThat(fx("generate-completion")).isEqualTo(Fx.OK);
        assertThat(out.toString()).contains("fx Bash Completion", "workspace", "plan");
    }

    @Test
    void everyCommand_hasDescriptionAndOptionHelp() {
        java.util.ArrayDeque<picocli.CommandLine> pending = new java.util.ArrayDeque<>();
        pending.add(Fx.commandLine(new java.io.PrintWriter(out), new java.io.PrintWriter(err)));
        while (!pending.isEmpty()) {
            picocli.CommandLine c = pending.pop();
            var spec = c.getCommandSpec();
            assertThat(spec.usageMessage().description()).as(spec.qualifiedName()).isNotEmpty();
            for (var option : spec.options()) {
                assertThat(option.description()).as(spec.qualifiedName() + " " + option.longestName()).isNotEmpty();
            }
            pending.addAll(c.getSubcommands().values());
        }
    }

    @Test
    void logFile_getsDatedResultLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path log = dir.resolve("fx.log");
        assertThat(fx("--log-file", log.toString(), "-W", dir.toString(), "workspace", "create", "--prefix", "ws",
                "--template", "keras_cnn_mnist")).isEqualTo(Fx.OK);
        assertThat(java.nio.file.Files.readString(log))
                .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[[^]]+\\] \\[fx\\]"
                        + " fx workspace create: OK");
    }

    @Test
    void failure_withDebug_printsStackTrace() {
        assertThat(fx("-l", "debug", "workspace", "create", "--prefix", "ws", "--template", "nope"))
                .isEqualTo(Fx.FAILURE);
        assertThat(err.toString()).startsWith("Error: unknown template 'nope'").contains("\tat org.fl4j.");
    }

    @Test
    void failure_withoutDebug_printsOneLine() {
        assertThat(fx("workspace", "create", "--prefix", "ws", "--template", "nope")).isEqualTo(Fx.FAILURE);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }
}
