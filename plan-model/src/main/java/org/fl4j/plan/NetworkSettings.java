package org.fl4j.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The {@code network} section. {@code aggAddr} may be {@code auto} (the aggregator host's own fully
 * qualified name, fixed into the plan by {@code fx plan initialize}); an empty {@code aggPort} means
 * {@code auto}: {@link Plan#aggregatorPort()} derives the port from the plan hash so every site agrees.
 *
 * @param clientReconnectInterval first wait, in seconds, before a collaborator retries a failed call
 * @param reconnectBackoffMaxSeconds the longest wait between retries (exponential backoff with jitter)
 * @param longPollSeconds how long the aggregator holds a task request open when it has nothing to hand out
 * @param maxModelMb the largest model accepted in one transfer, in MiB
 * @param chunkKb size of the chunks a model travels in, in KiB
 * @param tlsVersions TLS protocol versions allowed
 */
public record NetworkSettings(
        String template,
        String aggAddr,
        OptionalInt aggPort,
        boolean tls,
        boolean requireClientAuth,
        int clientReconnectInterval,
        int reconnectBackoffMaxSeconds,
        int longPollSeconds,
        int maxModelMb,
        int chunkKb,
        List<String> tlsVersions) {

    public static final String TEMPLATE = "fl4j.Network";
    public static final String AUTO = "auto";

    public NetworkSettings {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(aggAddr, "aggAddr");
        Objects.requireNonNull(aggPort, "aggPort");
        tlsVersions = List.copyOf(tlsVersions);
    }

    public boolean aggAddrAuto() {
        return AUTO.equals(aggAddr);
    }

    public Duration reconnectInterval() {
        return Duration.ofSeconds(clientReconnectInterval);
    }

    public Duration reconnectBackoffMax() {
        return Duration.ofSeconds(reconnectBackoffMaxSeconds);
    }

    public Duration longPoll() {
        return Duration.ofSeconds(longPollSeconds);
    }

    public long maxModelBytes() {
        return maxModelMb * 1024L * 1024L;
    }

    public int chunkBytes() {
        return chunkKb * 1024;
    }
}
