package org.fl4j.cli;

import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fl4j.collaborator.CollaboratorChannels;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.plan.Plan;
import org.fl4j.protocol.rpc.WireLimits;

/** A mutual-TLS channel to the plan's aggregator with an operator certificate of this workspace. */
final class OperatorChannel {

    private OperatorChannel() {
    }

    /** The operator's files: {@code name}, or the only operator certificate of the workspace when null. */
    static TlsFiles files(Path ws, String name) {
        PkiLayout layout = PkiLayout.of(ws);
        String chosen = name;
        if (chosen == null) {
            List<String> names = operators(layout);
            if (names.size() != 1) {
                throw new FxException(names.isEmpty()
                        ? "no operator certificate in " + layout.operatorDir() + ": issue one with 'fx pki operator -n"
                                + " NAME' on the workspace that holds the CA"
                        : "several operator certificates in " + layout.operatorDir() + " " + names
                                + ": choose one with --operator NAME");
            }
            chosen = names.get(0);
        }
        String n = chosen;
        return RuntimeFiles.require(TlsFiles.operator(layout, n), ws, "issue it first (fx pki operator -n " + n + ")");
    }

    static ManagedChannel open(Plan plan, TlsFiles files) {
        return CollaboratorChannels.mutualTls(plan.aggregatorAddress(), plan.aggregatorPort(), files,
                RuntimeFiles.minimumTls(plan), new WireLimits(plan.network().chunkBytes(), plan.network().maxModelBytes()));
    }

    private static List<String> operators(PkiLayout layout) {
        if (!Files.isDirectory(layout.operatorDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(layout.operatorDir())) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("op_") && f.endsWith(".crt"))
                    .map(f -> f.substring(3, f.length() - 4)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new FxException("cannot list " + layout.operatorDir() + ": " + e.getMessage(), e);
        }
    }
}
