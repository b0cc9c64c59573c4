package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fl4j.plan.Component;
import org.fl4j.plan.Settings;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.model.ModelFile;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code non_finite: accept} in the training task's aggregation settings lets NaN and infinities through. */
class NonFiniteResultsTest {

    @TempDir
    Path workspace;

    @RegisterExtension
    final InProcessAggregator aggregator = new InProcessAggregator(new MutableClock(
            Instant.parse("2025-01-01T00:00:00Z")));

    @Test
    void nonFiniteAccept_nanUpdateAcceptedAndPropagatesToTheModel() throws Exception {
        AggregatorConfig config = withTrainSettings(TestFederations.config(workspace, 1), Map.of("non_finite", "accept"));
        TestFederations.writeInitialModel(config);
        AggregatorServer server = aggregator.start(config);

        List<ScriptedSite> sites = new ArrayList<>();
        for (String name : TestFederations.COLLABORATORS) {
            ScriptedSite s = aggregator.site(name, config);
            sites.add(s);
            TasksOutcome.Assignment a = (TasksOutcome.Assignment) s.tasks();
            ModelWeights global = s.client.model(0);
            for (String task : a.pending()) {
                TaskUpload upload = s.result(task, 0, global);
                s.client.send(name.equals("charlie") && task.equals("train") ? ScriptedSite.withValue(upload, 2, 19, Float.NaN) : upload);
            }
        }
        for (ScriptedSite s : sites) {
            assertThat(s.tasks()).isInstanceOf(TasksOutcome.Quit.class);
        }
        server.awaitFinished();

        ModelWeights last = ModelFile.read(config.paths().lastModel()).weights();
        float[] out = last.tensors().get(2).values();
        assertThat(out[19]).isNaN();
        ModelWeights expected = TestFederations.expectedAverage(TestFederations.initialModel(),
                TestFederations.COLLABORATORS, 0);
        assertThat(out[18]).isCloseTo(expected.tensors().get(2).values()[18], org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(last.tensors().get(0).values()).containsExactly(expected.tensors().get(0).values());
    }

    static AggregatorConfig withTrainSettings(AggregatorConfig c, Map<String, Object> settings) {
        Map<String, TaskSpec> tasks = new LinkedHashMap<>(c.tasks());
        TaskSpec train = tasks.get("train");
        tasks.put("train", new TaskSpec(train.name(), train.function(), train.kwargs(), new Component(
                train.aggregationType().template(), new Settings("tasks.train.aggregation_type.settings", settings))));
        return new AggregatorConfig(c.name(), c.federationId(), c.collaborators(), c.roundsToTrain(), c.assigner(),
                tasks, c.straggler(), c.bestModelMetric(), c.paths(), c.limits(), c.longPoll(), c.quitGrace(),
                c.seed(), c.provenance(), c.maxConcurrentUploads(), c.updateStaging());
    }
}
