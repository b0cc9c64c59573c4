package org.fl4j.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.TestPki;
import org.fl4j.plan.CollaboratorRegistry;
import org.fl4j.plan.TestPlans;

/**
 * The folders of a tree of aggregators on one machine: {@link Sites} whose plan holds intermediate aggregator
 * {@code hub-a} (address localhost) over some of the sites, registered at the root; the hub's own workspace; and
 * one workspace shared by several sites (worker collaborators of one institution on a shared file system).
 */
final class TreeSites {

    static final String HUB = "hub-a";

    private TreeSites() {
    }

    /** {@code names} sites; {@code underHub} of them report to hub-a on {@code hubPort}, the others to the root. */
    static Sites create(Path root, TestPki pki, int rounds, String straggler, List<String> names,
            List<String> underHub, int hubPort) throws IOException {
        Sites sites = Sites.create(root, pki, rounds, straggler, names, "", p -> p.replace(
                "    long_poll_seconds: 5\n", """
                            long_poll_seconds: 5
                            tree:
                              %s:
                                address: localhost
                                port: %d
                                collaborators: [%s]
                        """.formatted(HUB, hubPort, String.join(", ", underHub))));
        CollaboratorRegistry.register(sites.aggregator(), HUB);
        return sites;
    }

    /** The hub's workspace: the plan and cols.yaml, its server certificate and its collaborator certificate. */
    static Path hubWorkspace(Sites sites, TestPki pki, Path hub) throws IOException {
        workspace(sites, pki, hub, "");
        PkiLayout from = pki.layout();
        PkiLayout to = PkiLayout.of(hub);
        copy(from.aggregatorCert(TestPki.AGGREGATOR), to.aggregatorCert(TestPki.AGGREGATOR));
        copy(from.aggregatorKey(TestPki.AGGREGATOR), to.aggregatorKey(TestPki.AGGREGATOR));
        copy(from.collaboratorCert(HUB), to.collaboratorCert(HUB));
        copy(from.collaboratorKey(HUB), to.collaboratorKey(HUB));
        return hub;
    }

    /** One workspace for {@code workers}, each with its certificate and the data path {@link Sites} gave it. */
    static Path workersWorkspace(Sites sites, TestPki pki, Path dir, List<String> workers) throws IOException {
        StringBuilder data = new StringBuilder();
        for (String w : workers) {
            data.append(Files.readString(sites.collaborator(w).resolve("plan/data.yaml")));
        }
        workspace(sites, pki, dir, data.toString());
        for (String w : workers) {
            copy(pki.layout().collaboratorCert(w), PkiLayout.of(dir).collaboratorCert(w));
            copy(pki.layout().collaboratorKey(w), PkiLayout.of(dir).collaboratorKey(w));
        }
        return dir;
    }

    private static void workspace(Sites sites, TestPki pki, Path dir, String data) throws IOException {
        TestPlans.workspace(dir, "keras_cnn_mnist");
        copy(sites.aggregator().resolve("plan/plan.yaml"), dir.resolve("plan/plan.yaml"));
        copy(sites.aggregator().resolve("plan/cols.yaml"), dir.resolve("plan/cols.yaml"));
        TestPlans.write(dir, "plan/data.yaml", data);
        copy(pki.layout().certChain(), PkiLayout.of(dir).certChain());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
