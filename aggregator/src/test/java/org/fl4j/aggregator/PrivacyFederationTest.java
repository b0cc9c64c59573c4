package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.privacy.AggregatorPrivacy;
import org.fl4j.metrics.MetricsSettings;
import org.fl4j.plan.PrivacySettings;
import org.fl4j.plan.StragglerPolicy;
import org.fl4j.privacy.accounting.AccountantKind;
import org.fl4j.privacy.accounting.PoissonGaussian;
import org.fl4j.privacy.accounting.PrivacyAccountant;
import org.fl4j.protocol.model.ModelWeights;
import org.fl4j.protocol.rpc.FederationClient;
import org.fl4j.protocol.rpc.LogCapture;
import org.fl4j.protocol.rpc.Route;
import org.fl4j.protocol.rpc.TaskUpload;
import org.fl4j.protocol.rpc.TasksOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privacy section at the aggregator over the real service: client-level DP-FedAvg's accountant in the
 * checkpoint across restarts, its journal of released models, and the budget that ends a federation cleanly
 * (client level from the aggregator's accountant, record level from the sites' epsilon_next).
 */
class PrivacyFederationTest {

    private static final double DELTA = 1e-5;

    @TempDir
    Path workspace;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    @RegisterExtension
    final InProcessAggregator aggregator = new InProcessAggregator(clock);
    private final LogCapture log = new LogCapture("org.fl4j.aggregator.round.Federation");

    @AfterEach
    void stop() {
        log.close();
    }

    private static PrivacySettings settings(PrivacySettings.Level level, OptionalDouble max) {
        return new PrivacySettings(level, OptionalDouble.of(1.0), OptionalDouble.empty(), 2.0, DELTA, max,
                PrivacySettings.Accountant.RDP, Optional.empty());
    }

    private static double epsilon(int rounds) {
        return PrivacyAccountant.create(AccountantKind.RDP).compose(new PoissonGaussian(1.0, 1.0), rounds)
                .epsilon(DELTA);
    }

    private AggregatorConfig started(int rounds, PrivacySettings privacy) throws IOException {
        AggregatorConfig config = TestFederations.config(workspace, rounds, new StragglerPolicy.WaitForAll())
                .withUpdatePath(AggregatorConfig.UpdatePath.PLAIN.withPrivacy(privacy));
        TestFederations.writeInitialModel(config);
        aggregator.start(config);
        return config;
    }

    private void runRound(AggregatorConfig config) {
        for (String name : TestFederations.COLLABORATORS) {
            aggregator.site(name, config).nextRound();
        }
    }

    private static List<Double> aggregatorEpsilons(AggregatorConfig config) {
        return TestFederations.metricsLines(config).stream()
                .filter(l -> l.contains("\"origin\":\"aggregator\"") && l.contains("\"metric\":\"epsilon\""))
                .map(l -> Double.parseDouble(l.replaceAll(".*\"value\":([0-9.eE+-]+).*", "$1"))).toList();
    }

    @Test
    void clientLevel_restart_restoresTheAccountantFromTheCheckpointAndCountsEveryRoundOnce() throws Exception {
        AggregatorConfig config = started(3, settings(PrivacySettings.Level.CLIENT, OptionalDouble.empty()));
        runRound(config);
        aggregator.server().federation().awaitCommitted();
        assertThat(TestFederations.checkpoint(config).stageState()).containsEntry("privacy.client.ledger", "1.0 1.0 1");
        aggregator.stop();

        aggregator.start(config);
        runRound(config);
        runRound(config);
        aggregator.server().federation().awaitCommitted();

        assertThat(TestFederations.checkpoint(config).stageState()).containsEntry("privacy.client.ledger", "1.0 1.0 3");
        List<Double> eps = aggregatorEpsilons(config);
        assertThat(eps).hasSize(3);
        for (int r = 0; r < 3; r++) {
            assertThat(eps.get(r)).isCloseTo(epsilon(r + 1), within(1e-9));
        }
        assertThat(eps.get(0)).isCloseTo(4.7285, within(5e-4));
        assertThat(Files.readAllLines(workspace.resolve("save").resolve(AggregatorPrivacy.JOURNAL)))
                .filteredOn(l -> l.startsWith("federation=")).hasSize(3);
    }

    @Test
    void clientLevel_metricsEndpoint_servesTheAggregatorsEpsilonAndClipNorm() throws Exception {
        AggregatorConfig config = TestFederations.config(workspace, 3, new StragglerPolicy.WaitForAll())
                .withUpdatePath(AggregatorConfig.UpdatePath.PLAIN.withPrivacy(settings(PrivacySettings.Level.CLIENT,
                        OptionalDouble.empty())));
        TestFederations.writeInitialModel(config);
        String name = InProcessServerBuilder.generateName();
        try (AggregatorServer server = AggregatorServer.start(InProcessServerBuilder.forName(name), config, null,
                new OperationsOptions(new MetricsSettings("127.0.0.1", 0), null),
                PeerAuthentication.inProcess(new HashSet<>(config.collaborators())), clock)) {
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            try {
                for (int round = 0; round < 2; round++) {
                    for (String site : TestFederations.COLLABORATORS) {
                        new ScriptedSite(site, new FederationClient(channel,
                                new Route(site, config.name(), config.federationId()),
                                config.limits(), Duration.ofSeconds(30))).nextRound();
                    }
                }
                server.federation().awaitCommitted();
            } finally {
                channel.shutdownNow();
            }
            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            double served = Double.parseDouble(scrape.replaceAll(
                    "(?s).*\nfl4j_privacy_client_epsilon ([0-9.eE+-]+)\n.*", "$1"));
            assertThat(served).isCloseTo(epsilon(2), within(1e-9));
            assertThat(scrape).contains("\nfl4j_privacy_client_clip_norm 2.0\n");
        }
    }

    @Test
    void clientLevel_modelReleasedBeforeItsCheckpoint_stillCountsAfterARestart() throws Exception {
        AggregatorConfig config = started(3, settings(PrivacySettings.Level.CLIENT, OptionalDouble.empty()));
        runRound(config);
        aggregator.server().federation().awaitCommitted();
        aggregator.stop();
        // As if round 1's noisy model had been served and the aggregator died before its checkpoint.
        Path journal = workspace.resolve("save").resolve(AggregatorPrivacy.JOURNAL);
        Files.writeString(journal, "federation=" + TestFederations.FEDERATION + " round=1 sampling_rate=1.0"
                + " noise_multiplier=1.0 clip_norm=2.0 participants=3 epsilon=7 delta=1.0E-5\n",
                java.nio.file.StandardOpenOption.APPEND);

        aggregator.start(config);
        runRound(config);
        aggregator.server().federation().awaitCommitted();

        assertThat(aggregatorEpsilons(config)).last().satisfies(e -> assertThat(e).isCloseTo(epsilon(3), within(1e-9)));
        assertThat(TestFederations.checkpoint(config).stageState()).containsEntry("privacy.client.ledger", "1.0 1.0 3");
    }

    @Test
    void clientLevel_budgetReachedAfterTwoOfThreeRounds_endsCleanlyAfterTwo() throws Exception {
        double max = (epsilon(2) + epsilon(3)) / 2;
        AggregatorConfig config = started(3, settings(PrivacySettings.Level.CLIENT, OptionalDouble.of(max)));
        runRound(config);
        runRound(config);

        var federation = aggregator.server().federation();
        TasksOutcome quit = aggregator.site("alpha", config).tasks();
        assertThat(quit).isInstanceOfSatisfying(TasksOutcome.Quit.class, q -> assertThat(q.reason())
                .contains("the federation ended after 2 of 3 rounds: the client-level privacy budget is spent")
                .contains("above privacy.settings.max_epsilon " + max));
        aggregator.site("bravo", config).tasks();
        aggregator.site("charlie", config).tasks();
        federation.tick();
        federation.finished().get(10, TimeUnit.SECONDS);
        assertThat(federation.endedEarly()).get().asString().contains("privacy budget");
        assertThat(federation.round()).isEqualTo(2);
        assertThat(TestFederations.checkpoint(config).round()).isEqualTo(2);
        assertThat(config.paths().lastModel()).exists();
        assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO Ending the federation after 2 of 3 rounds: the"
                + " client-level privacy budget is spent: round 2 would take epsilon"));
        aggregator.stop();

        aggregator.start(config);
        assertThat(aggregator.site("alpha", config).tasks()).isInstanceOf(TasksOutcome.Quit.class);
        assertThat(aggregatorEpsilons(config)).hasSize(2);
    }

    @Test
    void clientLevel_budgetBelowOneRound_isRefusedAtStartNamingMaxEpsilon() {
        AggregatorConfig config = TestFederations.config(workspace, 3, new StragglerPolicy.WaitForAll())
                .withUpdatePath(AggregatorConfig.UpdatePath.PLAIN
                        .withPrivacy(settings(PrivacySettings.Level.CLIENT, OptionalDouble.of(1.0))));
        TestFederations.writeInitialModel(config);

        assertThatThrownBy(() -> aggregator.start(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("privacy.settings.max_epsilon 1.0 cannot pay for one round");
    }

    @Test
    void recordLevel_siteEpsilonNextAboveTheBudget_endsBeforeTheNextRound() throws Exception {
        AggregatorConfig config = started(3, settings(PrivacySettings.Level.RECORD, OptionalDouble.of(3.0)));
        for (int round = 0; round < 2; round++) {
            for (String name : TestFederations.COLLABORATORS) {
                ScriptedSite site = aggregator.site(name, config);
                TasksOutcome.Assignment a = (TasksOutcome.Assignment) site.tasks();
                ModelWeights global = site.client.model(a.round());
                for (String task : a.pending()) {
                    TaskUpload u = site.result(task, a.round(), global);
                    if (task.equals("train")) {
                        double next = name.equals("bravo") && round == 1 ? 3.2 : 1.0 + round;
                        u = new TaskUpload(u.round(), task, u.sampleCount(), Map.of("epsilon", next - 0.5,
                                "epsilon_next", next), u.tensors());
                    }
                    site.client.send(u);
                }
            }
        }

        assertThat(aggregator.site("alpha", config).tasks()).isInstanceOfSatisfying(TasksOutcome.Quit.class,
                q -> assertThat(q.reason()).contains("the record-level privacy budget of collaborator bravo is"
                        + " spent: its records would reach epsilon 3.200 in round 2, above"
                        + " privacy.settings.max_epsilon 3.0"));
        aggregator.server().federation().awaitCommitted();
        assertThat(TestFederations.checkpoint(config).stageState())
                .containsEntry("privacy.record.epsilon_next", "alpha=2.0;bravo=3.2;charlie=2.0");
    }
}
