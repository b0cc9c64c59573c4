package org.fl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fl4j.aggregator.audit.AuditVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fx audit verify [FILE]}: check the audit log's hash chain. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the hash chain of an audit log (default: logs/audit.jsonl of the workspace).",
            "Prints OK with the number of lines and the hash of the last one, or the first line that was changed,"
                + " removed, reordered or cut short (exit 1). Removing lines at the end leaves a valid chain: pass"
                + " --head with the hash kept from fx aggregator status to catch that too."})
final class AuditVerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The audit log.")
    Path file;

    @Option(names = "--head", paramLabel = "SHA256", description = "The expected SHA-256 of the last line.")
    String head;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path log = file != null ? file : CliContext.workspace().resolve("logs").resolve("audit.jsonl");
        if (!Files.isRegularFile(log)) {
            throw new FxException("no audit log at " + log + " (the aggregator writes logs/audit.jsonl when"
                    + " aggregator.settings.write_logs is true)");
        }
        if (head != null && !head.matches("[0-9a-fA-F]{64}")) {
            throw new FxException("--head must be a SHA-256 in hex (64 digits), found '" + head + "'");
        }
        AuditVerifier.Result r = AuditVerifier.verify(log, Optional.ofNullable(head));
        if (!r.ok()) {
            spec.commandLine().getErr().println(log + ": " + r.problem());
            return Fx.FAILURE;
        }
        spec.commandLine().getOut().println(log + ": OK, " + r.lines() + " lines; last line's SHA-256 " + r.head());
        return Fx.OK;
    }
}
