package org.fl4j.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.PkiStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fx pki status}: a table of the workspace's certificates. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Lists every certificate of the workspace with subject, SANs, issuer and expiry, and warns"
                + " about those expiring within " + PkiStatus.EXPIRY_WARNING_DAYS + " days, expired or revoked."})
final class PkiStatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PkiLayout layout = PkiLayout.of(CliContext.workspace());
        List<PkiStatus.Entry> entries = PkiStatus.scan(layout, Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        if (entries.isEmpty()) {
            out.println("No certificates in " + layout.certDir() + ": start with 'fx workspace certify' (CA holder)"
                    + " or 'fx collaborator generate-cert-request' (site).");
            return Fx.OK;
        }
        String[] head = {"FILE", "SUBJECT", "SANS", "ISSUER", "EXPIRES", "WARNINGS"};
        String[][] rows = new String[entries.size()][];
        for (int i = 0; i < rows.length; i++) {
            PkiStatus.Entry e = entries.get(i);
            rows[i] = new String[] {e.file().toString(), e.subject(), e.sans().isEmpty() ? "-" : String.join(",", e.sans()),
                e.issuer(), DATE.format(e.notAfter()), e.warnings().isEmpty() ? "ok" : String.join("; ", e.warnings())};
        }
        int[] width = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            width[c] = head[c].length();
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        print(out, head, width);
        for (String[] r : rows) {
            print(out, r, width);
        }
        long flagged = entries.stream().filter(e -> !e.warnings().isEmpty()).count();
        out.println(entries.size() + " certificates, " + (flagged == 0 ? "no warnings" : flagged + " with warnings"));
        return Fx.OK;
    }

    private static void print(PrintWriter out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            line.append(c == cells.length - 1 ? cells[c] : String.format("%-" + width[c] + "s  ", cells[c]));
        }
        out.println(line.toString().stripTrailing());
    }
}
