package org.fl4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fl4j.pki.tls.TlsFiles;
import org.fl4j.pki.tls.TlsVersion;
import org.fl4j.plan.Plan;

/** What the aggregator and collaborator verbs share: the TLS files they need and the plan's TLS version. */
final class RuntimeFiles {

    private RuntimeFiles() {
    }

    /** Refuses to start without the certificate, key and chain, saying which command makes the missing one. */
    static TlsFiles require(TlsFiles files, Path workspace, String howToMake) {
        for (Path p : new Path[] {files.certificate(), files.privateKey(), files.trustedChain()}) {
            if (!Files.isRegularFile(p)) {
                throw new FxException(workspace.relativize(p.toAbsolutePath().normalize()) + " does not exist: "
                        + howToMake);
            }
        }
        return files;
    }

    /** The lowest TLS version the plan allows ({@code network.settings.tls_versions}). */
    static TlsVersion minimumTls(Plan plan) {
        return plan.network().tlsVersions().contains("TLSv1.2") ? TlsVersion.TLS_1_2 : TlsVersion.TLS_1_3;
    }
}
