package org.fl4j.e2e;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.fl4j.cli.Fx;
import org.fl4j.pki.PkiLayout;
import org.fl4j.pki.TestPki;
import org.fl4j.plan.TestPlans;

/**
 * The folders of a federation on one machine: an aggregator site and one site per collaborator, each a
 * workspace of its own holding the same plan (the pure-Java softmax runner on shards of the embedded MNIST
 * digits), its own certificate and key from a {@link TestPki}, and the chain. The aggregator's round-0 model is
 * written by {@code fx plan initialize}.
 */
final class Sites {

    static final List<String> COLLABORATORS = List.of("alpha", "bravo", "charlie");

    final Path root;
    final int port;

    private Sites(Path root, int port) {
        this.root = root;
        this.port = port;
    }

    Path aggregator() {
        return root.resolve("aggregator");
    }

    Path collaborator(String name) {
        return root.resolve(name);
    }

    Path metricsLog() {
        return aggregator().resolve("logs/metrics.jsonl");
    }

    /**
     * Lays out the sites.
     *
     * @param straggler the {@code straggler_handling_policy} section's body (YAML, indented by 2)
     */
    static Sites create(Path root, TestPki pki, int rounds, String straggler) {
        return create(root, pki, rounds, straggler, COLLABORATORS, "", p -> p);
    }

    /** Sites whose plan text {@code edit} changes, e.g. to add a compression pipeline. */
    static Sites create(Path root, TestPki pki, int rounds, String straggler,
            java.util.function.UnaryOperator<String> edit) {
        return create(root, pki, rounds, straggler, COLLABORATORS, "", edit);
    }

    /**
     * Lays out the sites of {@code names} (MNIST split among them), adding {@code aggregatorSettings} (YAML lines
     * indented by 4) to the plan's aggregator settings.
     */
    static Sites create(Path root, TestPki pki, int rounds, String straggler, List<String> names,
            String aggregatorSettings) {
        return create(root, pki, rounds, straggler, names, aggregatorSettings, p -> p);
    }

    /** Sites of {@code names} whose plan text {@code edit} changes. */
    static Sites create(Path root, TestPki pki, int rounds, String straggler, List<String> names,
            String aggregatorSettings, java.util.function.UnaryOperator<String> edit) {
        final List<String> COLLABORATORS = names;
        Sites sites = new Sites(root, freePort());
        Path agg = sites.aggregator();
        TestPlans.workspace(agg, "keras_cnn_mnist", COLLABORATORS.toArray(String[]::new));
        TestPlans.write(agg, "plan/plan.yaml",
                edit.apply(plan(sites.port, rounds, straggler, names.size(), aggregatorSettings)));
        TestPlans.write(agg, "plan/data.yaml", "");
        fx(agg, "plan", "initialize");
        copy(pki.layout().certChain(), PkiLayout.of(agg).certChain());
        copy(pki.layout().aggregatorCert(TestPki.AGGREGATOR), PkiLayout.of(agg).aggregatorCert(TestPki.AGGREGATOR));
        copy(pki.layout().aggregatorKey(TestPki.AGGREGATOR), PkiLayout.of(agg).aggregatorKey(TestPki.AGGREGATOR));
        for (int i = 0; i < COLLABORATORS.size(); i++) {
            String name = COLLABORATORS.get(i);
            Path site = sites.collaborator(name);
            TestPlans.workspace(site, "keras_cnn_mnist");
            copy(agg.resolve("plan/plan.yaml"), site.resolve("plan/plan.yaml"));
            copy(agg.resolve("plan/cols.yaml"), site.resolve("plan/cols.yaml"));
            TestPlans.write(site, "plan/data.yaml", name + "," + (i + 1) + "\n");
            copy(pki.layout().certChain(), PkiLayout.of(site).certChain());
            copy(pki.layout().collaboratorCert(name), PkiLayout.of(site).collaboratorCert(name));
            copy(pki.layout().collaboratorKey(name), PkiLayout.of(site).collaboratorKey(name));
        }
        return sites;
    }

    static String plan(int port, int rounds, String straggler) {
        return plan(port, rounds, straggler, COLLABORATORS.size(), "");
    }

    static String plan(int port, int rounds, String straggler, int collaborators, String aggregatorSettings) {
        return """
                # Softmax regression on MNIST shards, for the runtime's end-to-end tests.
                aggregator:
                  defaults: plan/defaults/aggregator.yaml
                  template: fl4j.Aggregator
                  settings:
                    init_state_path: save/softmax_init.fl4j
                    best_state_path: save/softmax_best.fl4j
                    last_state_path: save/softmax_last.fl4j
                    rounds_to_train: %d
                    quit_grace_seconds: 5
                    seed: 42
                %s
                collaborator:
                  defaults: plan/defaults/collaborator.yaml
                data_loader:
                  defaults: plan/defaults/data_loader.yaml
                  template: fl4j.data.MnistShards
                  settings:
                    collaborator_count: %d
                    split: round_robin
                task_runner:
                  defaults: plan/defaults/task_runner.yaml
                  template: fl4j.SoftmaxRegression
                  settings:
                    learning_rate: 0.1
                network:
                  defaults: plan/defaults/network.yaml
                  settings:
                    agg_addr: localhost
                    agg_port: %d
                    client_reconnect_interval: 1
                    reconnect_backoff_max_seconds: 2
                    long_poll_seconds: 5
                assigner:
                  defaults: plan/defaults/assigner.yaml
                tasks:
                  defaults: plan/defaults/tasks.yaml
                straggler_handling_policy:
                %s
                """.formatted(rounds, aggregatorSettings.stripTrailing(), collaborators, port, straggler);
    }

    static final String WAIT_FOR_ALL = "  defaults: plan/defaults/straggler_handling_policy.yaml";

    static String cutoff(double seconds, int minimum) {
        return "  template: fl4j.CutoffTime\n  settings:\n    straggler_cutoff_time: " + seconds
                + "\n    minimum_reporting: " + minimum;
    }

    /** Runs an fx command line in this JVM; fails the test with its output when it fails. */
    static String fx(Path workspace, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = workspace.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Fx.run(new PrintWriter(out), new PrintWriter(err), all);
        if (code != Fx.OK) {
            throw new AssertionError("fx " + String.join(" ", args) + " exited with " + code + ":\n" + out + err);
        }
        return out.toString();
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
