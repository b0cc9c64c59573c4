package org.fl4j.cli;

import java.util.List;
import org.fl4j.plan.AggregatorTree;
import org.fl4j.plan.PlanReader;
import picocli.CommandLine;

/** The sites of an intermediate aggregator of the workspace's plan, for the SLURM verbs. */
final class IntermediateWorkers {

    private IntermediateWorkers() {
    }

    /** The node {@code name} of the plan's tree; a usage error naming the nodes there are otherwise. */
    static AggregatorTree.Node requireNode(CommandLine cli, String name) {
        AggregatorTree tree = PlanReader.read(CliContext.workspace()).tree();
        return tree.node(name).orElseThrow(() -> new CommandLine.ParameterException(cli, "--intermediate: '" + name
                + "' is not an intermediate aggregator of the plan's network.settings.tree" + (tree.isFlat()
                        ? " (the plan has no tree)" : " (it has " + String.join(", ", tree.nodes().keySet()) + ")")));
    }

    /** The sites listed under node {@code name}; a usage error when it lists none. */
    static List<String> sites(CommandLine cli, String name) {
        AggregatorTree.Node node = requireNode(cli, name);
        if (node.collaborators().isEmpty()) {
            throw new CommandLine.ParameterException(cli, "--intermediate: '" + name + "' lists no collaborators");
        }
        return node.collaborators();
    }
}
