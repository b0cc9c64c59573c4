package org.fl4j.dl4j.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.data.SplitMethod;
import org.fl4j.dl4j.ModelSpec;
import org.fl4j.dl4j.dpsgd.DpSgdSupport;
import org.fl4j.plan.OptTreatment;
import org.fl4j.plan.Plan;
import org.fl4j.plan.PlanFiles;
import org.fl4j.plan.PlanReader;
import org.fl4j.plan.PrivacySettings;
import org.fl4j.workspace.WorkspaceCreator;

/**
 * Thousands of federated sites simulated in one JVM: the real aggregator (its round logic, the plan's
 * assigner and straggler policy) and one real collaborator loop per virtual site over gRPC's in-process
 * transport, as in {@link Experiment}, but the sites share a pool of {@code threads} models instead of
 * holding one each ({@link VirtualSite}, {@link ModelPool}): memory is O(threads x model + sites x shard).
 * The data (the embedded MNIST digits unless given) is cut into one shard per site with the plan's
 * {@code data_loader.settings.split} or the data set's own method. The heap needed is estimated before
 * anything starts ({@link MemoryBudget}). Privacy is the plan's: at record level every site trains with DP-SGD
 * and keeps its own ledger (as a real site does), at client level the aggregator runs DP-FedAvg.
 *
 * <pre>{@code
 * SimulationResult r = Simulation.builder()
 *         .template("dl4j_mlp_mnist")
 *         .sites(1000)
 *         .threads(2)
 *         .override("aggregator.settings.rounds_to_train", 50)
 *         .run();
 * }</pre>
 */
public final class Simulation {

    private final Builder b;

    private Simulation(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How a simulation is set up; every setting but {@code sites} has a default. */
    public static final class Builder {
        String template = "dl4j_mlp_mnist";
        Path workspace;
        int sites;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        FederatedModel model = FederatedModel.fromPlan();
        FederatedDataSet data;
        final Map<String, Object> overrides = new LinkedHashMap<>();
        Path workDir;
        long timeoutSeconds = 24 * 3600;
        long maxHeap = Runtime.getRuntime().maxMemory();
        String node;
        io.grpc.ManagedChannel parent;
        int slice = 1;
        int slices = 1;

        /** The workspace template the plan comes from (default dl4j_mlp_mnist). */
        public Builder template(String name) {
            this.template = name;
            return this;
        }

        /**
         * Simulates the plan and code of this existing workspace instead of a template's: they are copied into
         * the simulation's folder ({@link #workDir}), and the workspace itself is not changed.
         */
        public Builder workspace(Path existing) {
            this.workspace = existing;
            return this;
        }

        /** Number of virtual sites, named site1, site2, ... (required, >= 1). */
        public Builder sites(int count) {
            this.sites = count;
            return this;
        }

        /** Number of pooled models, i.e. of sites training at once (default: the number of processors). */
        public Builder threads(int count) {
            this.threads = count;
            return this;
        }

        /** The model (default: the plan's). */
        public Builder model(FederatedModel federatedModel) {
            this.model = federatedModel;
            return this;
        }

        /** The data to shard over the sites (default: the embedded MNIST digits, cut as the plan says). */
        public Builder data(FederatedDataSet dataSet) {
            this.data = dataSet;
            return this;
        }

        /** A plan override by dotted path, applied over the template's plan. */
        public Builder override(String path, Object value) {
            overrides.put(path, value);
            return this;
        }

        /** Where the simulation's workspace is made (default: a new temporary folder). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** How long the whole simulation may take (default one day). */
        public Builder timeoutSeconds(long seconds) {
            this.timeoutSeconds = seconds;
            return this;
        }

        /** The heap the memory check allows (default: this JVM's maximum heap). */
        public Builder maxHeap(long bytes) {
            this.maxHeap = bytes;
            return this;
        }

        /**
         * Makes this process slice {@code slice} of {@code slices} (1-based) of the simulation's sites, run behind
         * intermediate aggregator {@code name} of the workspace plan's tree and reporting to its parent over
         * {@code parentChannel}; run it with {@link #runSlice()}.
         */
        public Builder slice(String name, io.grpc.ManagedChannel parentChannel, int index, int count) {
            this.node = java.util.Objects.requireNonNull(name, "name");
            this.parent = java.util.Objects.requireNonNull(parentChannel, "parentChannel");
            this.slice = index;
            this.slices = count;
            return this;
        }

        /**
         * Runs this process's slice until the parent's federation ends.
         *
         * @throws IllegalArgumentException for a setting that cannot work, naming it (also those of {@link #run})
         */
        public SliceResult runSlice() throws IOException, InterruptedException {
            if (node == null) {
                throw new IllegalStateException("no slice: call slice(...) first");
            }
            if (slices < 1 || slice < 1 || slice > slices) {
                throw new IllegalArgumentException("slice " + slice + "/" + slices + ": give K/M with 1 <= K <= M");
            }
            if (sites < slices) {
                throw new IllegalArgumentException("sites must be >= the number of slices (" + slices + "), found "
                        + sites);
            }
            return new Simulation(this).runSlice();
        }

        /**
         * Runs the simulation.
         *
         * @throws IllegalArgumentException for a setting that cannot work (0 sites, more sites than records, a
         *     heap too small for the pooled models, a plan that keeps optimizer state per site), naming it
         */
        public SimulationResult run() throws IOException, InterruptedException {
            if (sites < 1) {
                throw new IllegalArgumentException("sites must be >= 1, found " + sites);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, found " + threads);
            }
            return new Simulation(this).run();
        }
    }

    /** What a simulation runs from: its workspace copy, plan, data, first model and pooled models. */
    private record Prepared(Path ws, Plan plan, FederatedDataSet data, ModelSpec first, int threads) {
    }

    private SimulationResult run() throws IOException, InterruptedException {
        Prepared p = prepare(b.sites);
        return new SimulationRun(p.ws(), p.plan(), b.model, p.data(), b.sites, p.threads(), b.timeoutSeconds)
                .run(p.first());
    }

    private SliceResult runSlice() throws IOException, InterruptedException {
        int from = (b.slice - 1) * b.sites / b.slices + 1;
        int to = b.slice * b.sites / b.slices;
        Prepared p = prepare(to - from + 1);
        Plan federation = PlanReader.read(PlanFiles.of(p.ws()), Map.of());
        if (federation.tree().node(b.node).isEmpty()) {
            throw new IllegalArgumentException("'" + b.node + "' is not an intermediate aggregator of the plan's"
                    + " network.settings.tree" + (federation.tree().isFlat() ? " (the plan has no tree)"
                            : " (it has " + String.join(", ", federation.tree().nodes().keySet()) + ")"));
        }
        return SimulationSlice.run(p.ws(), p.plan(), b.model, p.data(), p.first(), p.threads(), from, to - from + 1,
                b.sites, new SimulationSlice.Upward(b.node, federation, b.parent), b.timeoutSeconds);
    }

    /** Copies the workspace and checks the settings for {@code here} sites in this process. */
    private Prepared prepare(int here) throws IOException {
        Path parent = b.workDir != null ? Files.createDirectories(b.workDir) : Files.createTempDirectory("fl4j-sim-");
        Path ws = b.workspace != null ? WorkspaceCopy.copy(b.workspace, parent.resolve("workspace"))
                : WorkspaceCreator.create(parent, Path.of("workspace"), b.template);
        SimulationSites.writeNames(ws, b.sites);
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("data_loader.settings.collaborator_count", b.sites);
        overrides.put("aggregator.settings.quit_grace_seconds", 1);
        overrides.put("network.settings.agg_addr", "localhost");
        overrides.putAll(b.overrides);
        Plan plan = PlanReader.read(PlanFiles.of(ws), overrides);
        if (plan.collaborator().optTreatment() == OptTreatment.CONTINUE_LOCAL) {
            throw new IllegalArgumentException("collaborator.settings.opt_treatment is CONTINUE_LOCAL: a simulated"
                    + " site keeps no optimizer state between rounds; use RESET or CONTINUE_GLOBAL");
        }
        if (plan.aggregator().secureAggregation().enabled()) {
            throw new IllegalArgumentException("aggregator.settings.secure_aggregation is true: a simulation does not"
                    + " run secure aggregation (its sites have no certificates); set it to false");
        }
        FederatedDataSet dataSet = b.data != null ? b.data : planData(plan);
        SimulationSites.checkRecords(dataSet.all(), b.sites);
        long seed = plan.aggregator().seed();
        String template = plan.taskRunner().template();
        ModelSpec first = b.model.build(ws, template, plan.taskRunner().settings(), seed);
        if (plan.privacy().level() == PrivacySettings.Level.RECORD) {
            try {
                DpSgdSupport.check(first.network());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("privacy.settings.level is record: " + e.getMessage(), e);
            }
        }
        int threads = Math.min(b.threads, here);
        new MemoryBudget(first.network().parameterCount(), threads, here, dataBytes(dataSet.all()))
                .check(b.maxHeap);
        return new Prepared(ws, plan, dataSet, first, threads);
    }

    private static FederatedDataSet planData(Plan plan) throws IOException {
        FederatedDataSet mnist = FederatedDataSet.embeddedMnist();
        var settings = plan.dataLoader().settings();
        SplitMethod split = SplitMethod.fromPlanName(settings.getString("split", SplitMethod.ROUND_ROBIN.planName()));
        return split == SplitMethod.DIRICHLET ? mnist.withDirichlet(settings.getDouble("alpha", org.fl4j.collaborator.data.DataLoader.DEFAULT_ALPHA))
                : mnist.withSplit(split);
    }

    private static long dataBytes(LocalData data) {
        return 4L * (data.train().features().length + data.validation().features().length);
    }
}
