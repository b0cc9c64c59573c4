package org.fl4j.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fx plan initialize}: fixes the aggregator address and port in the plan file (an {@code auto}
 * address becomes the given address or this host's name, an {@code auto} port the port derived from the
 * plan's hash before the edit), records the resulting hash in {@code plan/.initialized}, then writes the
 * round-0 model with the {@link ModelInitializer} serving the plan's task runner, if one is on the class path.
 */
public final class PlanInitializer {

    /** What initialize did. {@code modelWritten} is false when no initializer serves the plan. */
    public record Result(Plan plan, Path planFile, String address, int port, Path initModel, boolean modelWritten,
            List<String> availableInitializers) {
    }

    static final String RECORD = "plan/.initialized";
    private static final Logger LOG = LoggerFactory.getLogger(PlanInitializer.class);

    private PlanInitializer() {
    }

    /**
     * @param address the aggregator address to write, or null to keep the plan's (resolving {@code auto})
     */
    public static Result initialize(PlanFiles files, String address) throws IOException {
        Plan before = PlanReader.read(files, Map.of());
        String host = address != null ? address : before.aggregatorAddress();
        if (!host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
            throw new IllegalArgumentException("invalid aggregator address '" + host + "'");
        }
        int port = before.aggregatorPort();
        String display = files.display(files.plan());
        if (!host.equals(before.network().aggAddr())) {
            PlanEditor.set(files.plan(), display, "network.settings.agg_addr", host);
        }
        if (before.network().aggPort().isEmpty()) {
            PlanEditor.set(files.plan(), display, "network.settings.agg_port", port);
        }
        Plan plan = PlanReader.read(files, Map.of());
        LOG.info("Aggregator address {}:{}, plan hash {}", host, port, plan.hash());
        String template = plan.taskRunner().template();
        List<ModelInitializer> all = ServiceLoader.load(ModelInitializer.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        Optional<ModelInitializer> initializer = all.stream().filter(i -> i.template().equals(template)).findFirst();
        Path model = files.workspace().resolve(plan.aggregator().initStatePath());
        if (initializer.isPresent()) {
            initializer.get().initialize(files.workspace(), plan);
            LOG.info("Round-0 model written to {}", model);
        }
        CollaboratorRegistry.writeAtomically(files.workspace().resolve(RECORD),
                "# Written by fx plan initialize; fx plan print on every site must show the same hash.\n"
                        + "plan: " + display + "\nhash: " + plan.hash() + "\nfederation_id: " + plan.federationId()
                        + "\naggregator: " + host + ":" + port + "\n");
        return new Result(plan, files.plan(), host, port, model, initializer.isPresent(),
                all.stream().map(ModelInitializer::template).toList());
    }
}
