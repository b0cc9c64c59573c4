package org.fl4j.aggregator.secagg;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalInt;
import org.fl4j.aggregator.AggregatorConfig;
import org.fl4j.aggregator.AggregatorServer;
import org.fl4j.aggregator.PeerAuthentication;
import org.fl4j.aggregator.TestFederations;
import org.fl4j.plan.SecureAggregationSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureAggregationStartTest {

    @TempDir
    Path dir;

    @Test
    void start_secureAggregationWithoutMutualTls_refusedNamingTheSetting() {
        AggregatorConfig c = TestFederations.config(dir, 1);
        AggregatorConfig secure = c.withUpdatePath(AggregatorConfig.UpdatePath.PLAIN.withSecureAggregation(
                new SecureAggregationSettings(true, 0.66, OptionalInt.empty(), 1.0, OptionalInt.empty(), 10_000, 60)));
        TestFederations.writeInitialModel(secure);

        assertThatThrownBy(() -> AggregatorServer.start(InProcessServerBuilder.forName("secagg-start"), secure,
                PeerAuthentication.inProcess(java.util.Set.copyOf(secure.collaborators())), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aggregator.settings.secure_aggregation needs mutual TLS");
    }
}
