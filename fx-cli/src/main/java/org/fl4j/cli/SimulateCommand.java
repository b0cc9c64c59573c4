package org.fl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fl4j.dl4j.experiment.ExperimentResult;
import org.fl4j.dl4j.experiment.Simulation;
import org.fl4j.dl4j.experiment.SimulationResult;
import org.fl4j.dl4j.experiment.SliceResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fx simulate --sites N}: a federation of N virtual sites in this process (see Simulation). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a federation of many sites in this process.",
            "Runs the workspace's plan with N virtual collaborators: the real aggregator and one collaborator loop"
                + " per site over an in-process channel, the embedded MNIST digits cut into one shard per site"
                + " (the plan's data_loader.settings.split, round_robin or dirichlet with alpha), and --threads"
                + " pooled models that the sites borrow for their rounds, so memory grows with the threads, not"
                + " with the sites. The workspace's plan and code are copied into --out; the workspace is not"
                + " changed. Prints the aggregated accuracy of each round, the peak heap and the time.",
            "With --intermediate NAME --slice K/M this process runs only the K-th of M equal slices of the N"
                + " sites, behind intermediate aggregator NAME of the plan's network.settings.tree, and takes part"
                + " in its parent's federation with cert/client/col_<NAME>.crt: M such processes (SLURM jobs, say)"
                + " simulate the N sites together, and the parent holds the models and every site's metrics."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--sites", required = true, paramLabel = "N", description = "Number of virtual sites (>= 1).")
    int sites;

    @Option(names = "--threads", paramLabel = "N",
            description = "Pooled models, i.e. sites training at once (default: the number of processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the simulation's workspace, models and logs go (default: simulation/<UTC time>"
                    + " in the workspace; must not exist).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a plan setting by dotted path, e.g. --set aggregator.settings.rounds_to_train=50"
                    + " (the value is read as YAML; repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--intermediate", paramLabel = "NAME",
            description = "Run a slice of the sites behind intermediate aggregator NAME of the plan's tree.")
    String intermediate;

    @Option(names = "--slice", paramLabel = "K/M", defaultValue = "1/1",
            description = "Which slice of the sites this process runs, with --intermediate (default: ${DEFAULT-VALUE}).")
    String slice;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (sites < 1) {
            throw new ParameterException(spec.commandLine(), "--sites must be >= 1, found " + sites);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be >= 1, found " + threads);
        }
        Path ws = CliContext.workspace();
        PlanOptions.requireWorkspace(ws, null);
        Path dir = out != null ? ws.resolve(out) : ws.resolve("simulation").resolve(
                LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        LogSetup.quiet("org.fl4j.collaborator", "org.fl4j.dl4j");
        Simulation.Builder builder = Simulation.builder().workspace(ws).workDir(dir).sites(sites).threads(threads);
        overrides.forEach(builder::override);
        if (intermediate != null) {
            return runSlice(builder, ws, dir);
        }
        SimulationResult r;
        try {
            r = builder.run();
        } catch (IllegalArgumentException e) {
            throw new FxException(optionNamed(e.getMessage()), e);
        }
        print(spec.commandLine().getOut(), r, dir);
        return 0;
    }

    /** This process's slice, reporting to the parent of {@code --intermediate} over mutual TLS. */
    private int runSlice(Simulation.Builder builder, Path ws, Path dir) throws IOException, InterruptedException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})/(\\d{1,6})").matcher(slice);
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "--slice: expected K/M (this process's slice K of M),"
                    + " found '" + slice + "'");
        }
        org.fl4j.plan.Plan plan = org.fl4j.plan.PlanReader.read(ws);
        if (plan.tree().node(intermediate).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--intermediate: '" + intermediate + "' is not an"
                    + " intermediate aggregator of the plan's network.settings.tree");
        }
        org.fl4j.pki.tls.TlsFiles tls = RuntimeFiles.require(org.fl4j.pki.tls.TlsFiles.collaborator(
                org.fl4j.pki.PkiLayout.of(ws), intermediate), ws, "certify " + intermediate + " toward its parent first"
                        + " (fx collaborator generate-cert-request -n " + intermediate + ", then fx collaborator certify)");
        var parent = plan.parentEndpoint(intermediate);
        io.grpc.ManagedChannel channel = org.fl4j.collaborator.CollaboratorChannels.mutualTls(parent.getKey(),
                parent.getValue(), tls, RuntimeFiles.minimumTls(plan), new org.fl4j.protocol.rpc.WireLimits(
                        plan.network().chunkBytes(), plan.network().maxModelBytes()));
        SliceResult r;
        try {
            r = builder.slice(intermediate, channel, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                    .runSlice();
        } catch (IllegalArgumentException e) {
            throw new FxException(optionNamed(e.getMessage()), e);
        } finally {
            CollaboratorSite.close(channel);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "Slice %s behind %s: sites %d to %d of %d, %d pooled models of"
                + " %d parameters: %.1f s, peak heap %d MiB; the parent ended the federation: %s%n", slice, r.node(),
                r.firstSite(), r.firstSite() + r.sites() - 1, r.totalSites(), r.threads(), r.parameterCount(),
                r.elapsed().toMillis() / 1000.0, r.peakHeapBytes() >> 20, r.reason());
        spec.commandLine().getOut().println("Logs in " + dir.resolve("workspace") + "; models and metrics at the root");
        return 0;
    }

    /** The API names its settings (sites, threads); the command line calls them --sites, --threads. */
    private static String optionNamed(String message) {
        for (String option : List.of("sites", "threads")) {
            if (message.startsWith(option + " ")) {
                return "--" + message;
            }
        }
        return message;
    }

    /**
     * Row r: the aggregated validation of the model entering round r (after r - 1 rounds) and, under differential
     * privacy, the epsilon spent for that model; then the model after the last round, scored here on every
     * validation record.
     */
    private static void print(PrintWriter out, SimulationResult r, Path dir) {
        ExperimentResult e = r.experiment();
        List<Double> accuracy = e.history("aggregated_model_validation", "accuracy");
        long rounds = e.lastModel().round();
        boolean private_ = e.epsilonAfter(rounds).isPresent();
        out.println("round  accuracy (aggregated_model_validation)" + (private_ ? "  epsilon" : ""));
        for (int i = 0; i < accuracy.size(); i++) {
            out.printf(Locale.ROOT, "%5d  %.4f%s%n", i + 1, accuracy.get(i), private_ ? "  " + epsilon(e, i) : "");
        }
        out.printf(Locale.ROOT, "last model, after %d round%s: accuracy %.4f (%d validation records)%s%n", rounds,
                rounds == 1 ? "" : "s", r.lastModelAccuracy(), r.validationRecords(),
                private_ ? ", epsilon " + epsilon(e, rounds) : "");
        out.printf(Locale.ROOT, "%d sites, %d pooled models of %d parameters: %.1f s, peak heap %d MiB%n", r.sites(),
                r.threads(), r.parameterCount(), r.elapsed().toMillis() / 1000.0, r.peakHeapBytes() >> 20);
        out.println("tensor bytes each round, every site's added, as sent (after the plan's compression): "
                + r.traffic().stream().map(t -> "round " + t.round() + " down " + t.downloaded() + " up " + t.uploaded())
                        .collect(Collectors.joining("; ")));
        out.println("Models and logs in " + dir.resolve("workspace"));
    }

    private static String epsilon(ExperimentResult e, long rounds) {
        OptionalDouble spent = e.epsilonAfter(rounds);
        return spent.isPresent() ? String.format(Locale.ROOT, "%.3f", spent.getAsDouble()) : "0";
    }
}
