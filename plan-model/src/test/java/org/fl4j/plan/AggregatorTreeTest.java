package org.fl4j.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code network.settings.tree}: reading, who reports to whom, and every refusal naming where. */
class AggregatorTreeTest {

    private static final String TREE = "network.settings.tree";

    @TempDir
    Path dir;

    private Plan withTree(String yaml, String... cols) throws Exception {
        TestPlans.workspace(dir, "keras_cnn_mnist", cols);
        Path plan = dir.resolve("plan/plan.yaml");
        Files.writeString(plan, Files.readString(plan).replace("network:\n  defaults: plan/defaults/network.yaml\n",
                "network:\n  defaults: plan/defaults/network.yaml\n  settings:\n    tree:\n" + yaml.indent(6)));
        return PlanReader.read(dir);
    }

    @Test
    void twoLevels_parentsChildrenAndEndpoints() throws Exception {
        Plan plan = withTree("""
                east:
                  address: east.example.org
                  port: 50100
                  collaborators: [s1, s2]
                east-2:
                  address: east2.example.org
                  port: 50101
                  parent: east
                  collaborators: [s3]
                """, "s1", "s2", "s3", "s4", "east");

        AggregatorTree tree = plan.tree();
        assertThat(tree.parentOf("s1")).isEqualTo("east");
        assertThat(tree.parentOf("s3")).isEqualTo("east-2");
        assertThat(tree.parentOf("east-2")).isEqualTo("east");
        assertThat(tree.parentOf("s4")).isEqualTo(AggregatorTree.ROOT);
        assertThat(tree.childrenOf(AggregatorTree.ROOT, plan.collaborators())).containsExactly("s4", "east");
        assertThat(tree.childrenOf("east", plan.collaborators())).containsExactly("s1", "s2", "east-2");
        assertThat(tree.childrenOf("east-2", plan.collaborators())).containsExactly("s3");
        assertThat(tree.pathToRoot("east-2")).containsExactly("east-2", "east");
        assertThat(plan.parentEndpoint("s3")).isEqualTo(Map.entry("east2.example.org", 50101));
        assertThat(plan.parentEndpoint("s4").getKey()).isEqualTo(plan.aggregatorAddress());
    }

    @Test
    void canonicalYaml_keepsTheTree_andAFlatPlanItsHash() throws Exception {
        TestPlans.workspace(dir.resolve("flat"), "keras_cnn_mnist", "s1");
        String flatHash = PlanReader.read(dir.resolve("flat")).hash();
        assertThat(PlanReader.read(dir.resolve("flat")).toYaml()).doesNotContain("tree");

        Plan plan = withTree("hub:\n  address: hub.example\n  port: 50100\n  collaborators: [s1]\n", "s1", "hub");
        assertThat(plan.hash()).isNotEqualTo(flatHash);
        Files.writeString(dir.resolve("plan/plan.yaml"), plan.toYaml());
        Plan again = PlanReader.read(dir);
        assertThat(again.hash()).isEqualTo(plan.hash());
        assertThat(again.tree()).isEqualTo(plan.tree());
    }

    @Test
    void cycleOfParents_refusedOnceWithTheCycleAndItsPosition() {
        assertThatThrownBy(() -> withTree("""
                a:
                  address: a.example
                  port: 50100
                  parent: b
                  collaborators: [s1]
                b:
                  address: b.example
                  port: 50101
                  parent: a
                  collaborators: [s2]
                """, "s1", "s2")).isInstanceOf(PlanException.class)
                .hasMessageContaining("plan/plan.yaml:")
                .hasMessageContaining("network.settings.tree has a cycle of parents: a -> b -> a")
                .satisfies(e -> assertThat(((PlanException) e).problems()).hasSize(1));
    }

    @Test
    void missingParent_refusedWithAHint() {
        assertThatThrownBy(() -> withTree("""
                east:
                  address: e.example
                  port: 50100
                  parent: eats
                  collaborators: [s1]
                """, "s1")).hasMessageContaining(TREE + ".east.parent names 'eats', which is neither aggregator (the"
                + " root) nor an intermediate aggregator of " + TREE).hasMessageContaining("east");
    }

    @Test
    void siteUnderTwoNodes_nodeListedAsSite_sameEndpoint_badNames_refused() {
        assertThatThrownBy(() -> withTree("""
                a:
                  address: h.example
                  port: 50100
                  collaborators: [s1, b]
                b:
                  address: h.example
                  port: 50100
                  collaborators: [s1]
                c:
                  address: c.example
                  port: 50102
                aggregator:
                  address: x.example
                  port: 0
                  collaborators: [s2]
                """, "s1", "s2"))
                .hasMessageContaining(TREE + ".a.collaborators lists 'b', an intermediate aggregator: give it"
                        + " parent: a instead")
                .hasMessageContaining(TREE + ".b.collaborators lists 's1', which a lists too")
                .hasMessageContaining(TREE + ".b serves on h.example:50100, as a does")
                .hasMessageContaining("'aggregator' names the root aggregator")
                .hasMessageContaining(TREE + ".aggregator.port must be a port number")
                .hasMessageNotContaining("cycle");
    }

    @Test
    void unknownKey_suggestsTheKnownOne() {
        assertThatThrownBy(() -> withTree("a:\n  address: a.example\n  port: 50100\n  colaborators: [s1]\n", "s1"))
                .hasMessageContaining("unknown key 'colaborators' in " + TREE + ".a")
                .hasMessageContaining("collaborators");
    }

    @Test
    void whatNeedsEverySitesOwnUpdate_refusedWithATree() throws Exception {
        String tree = "a:\n  address: a.example\n  port: 50100\n  collaborators: [one]\n";
        withTree(tree, "one", "two", "a");
        Path plan = dir.resolve("plan/plan.yaml");
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("aggregator.settings.secure_aggregation", "cannot go with aggregator.settings"
                        + ".secure_aggregation: true"),
                Map.entry("tasks.train.aggregation_type", "Median cannot run over " + TREE),
                Map.entry("assigner.settings.poisson_sampling", "cannot go with assigner.settings.poisson_sampling"))) {
            Map<String, String> set = switch (bad.getKey()) {
                case "tasks.train.aggregation_type" -> Map.of(bad.getKey(), "{template: Median}");
                case "assigner.settings.poisson_sampling" -> Map.of(bad.getKey(), "true",
                        "assigner.settings.collaborators_per_round", "0.5");
                default -> Map.of(bad.getKey(), "true");
            };
            assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), set)).as(bad.getKey())
                    .hasMessageContaining(bad.getValue());
        }
        assertThatThrownBy(() -> PlanReader.read(PlanFiles.of(dir), Map.of("tasks.train.aggregation_type",
                "{template: fl4j.FedAdam, settings: {clip_norm: 1.0}}")))
                .hasMessageContaining("clip_norm clips each update, and over " + TREE);
        assertThat(Files.readString(plan)).contains("tree:");
    }
}
