package org.fl4j.e2e.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.fl4j.aggregator.ScaleFederation;
import org.fl4j.aggregator.VirtualCollaborators;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.tls.TlsFiles;

/**
 * The load JVM of {@link ManyCollaboratorsBenchmark}: N virtual collaborators of the federation
 * ({@link VirtualCollaborators}) or the N clients of its plain-TLS baseline ({@link ManyTlsBaseline}), so that
 * the aggregator's JVM holds the aggregator alone. Prints {@code round <r> <nanoseconds>} per round,
 * {@code bytes}, {@code failure <text>} per failed call, {@code cpu <ms>}, then {@code done}, and keeps its
 * connections open until a line arrives on its standard input (the aggregator's heap is read meanwhile).
 *
 * <p>Arguments: {@code fl4j|tls host port pkiWorkspace collaborators parameters rounds active federationId}.
 */
public final class ManyCollaboratorsLoad {

    private ManyCollaboratorsLoad() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String mode = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        PkiLayout pki = PkiLayout.of(Path.of(args[3]));
        int n = Integer.parseInt(args[4]);
        int params = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);
        int active = Integer.parseInt(args[7]);
        String federation = args[8];
        List<String> names = ScaleFederation.names(n);
        List<TlsFiles> tls = new ArrayList<>();
        for (String name : names) {
            tls.add(TlsFiles.collaborator(pki, name));
        }
        if (mode.equals("fl4j")) {
            try (VirtualCollaborators sites = VirtualCollaborators.start(port, federation, names, tls::get, rounds,
                    active, i -> false)) {
                sites.await(Duration.ofMinutes(30));
                double[] seconds = sites.roundSeconds();
                for (int r = 0; r < rounds; r++) {
                    System.out.println("round " + r + " " + Math.round(seconds[r] * 1e9));
                }
                System.out.println("bytes " + sites.bytes());
                sites.failures().forEach(f -> System.out.println("failure " + f.replace('\n', ' ')));
                finish();
            }
        } else if (mode.equals("tls")) {
            AtomicLongArray ends = new AtomicLongArray(rounds);
            long start = System.nanoTime();
            ManyTlsBaseline.clients(host, port, tls, 4L * params, rounds, active, ends);
            for (int r = 0; r < rounds; r++) {
                System.out.println("round " + r + " " + (ends.get(r) - (r == 0 ? start : ends.get(r - 1))));
            }
            System.out.println("bytes " + 2L * 4 * params * n * rounds);
            finish();
        } else {
            throw new IllegalArgumentException("mode must be fl4j or tls, found " + mode);
        }
    }

    /** Reports this JVM's CPU, says done, and waits for the aggregator's JVM to have read its figures. */
    private static void finish() throws Exception {
        System.out.println("cpu " + BenchmarkClients.cpuMillis());
        System.out.println("done");
        System.out.flush();
        System.in.read();
    }
}
