package org.fl4j.plan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated FL plan: the merged {@code plan.yaml} (defaults files, the plan's own settings and overrides
 * applied in that order), with the collaborators of {@code cols.yaml} and the data paths of
 * {@code data.yaml}. Read one with {@link PlanReader}. {@code openfl} is present when the federation also
 * serves OpenFL's collaborators ({@link OpenFlSettings}).
 *
 * <p>{@link #hash()} is the SHA-384 of {@link #toYaml()}, the canonical form of the plan sections (every
 * setting written out, fixed key order). cols.yaml and data.yaml are not part of it: data paths are
 * site-local. Every site holding the same plan computes the same hash, federation id and automatic port.
 */
public record Plan(
        AggregatorSettings aggregator,
        CollaboratorSettings collaborator,
        NetworkSettings network,
        Assigner assigner,
        Map<String, TaskSpec> tasks,
        StragglerPolicy stragglerHandlingPolicy,
        Component dataLoader,
        Component taskRunner,
        Component compressionPipeline,
        CompressionSettings compression,
        PrivacySettings privacy,
        AggregatorTree tree,
        List<String> collaborators,
        Map<String, String> dataPaths,
        Optional<OpenFlSettings> openfl) {

    /** Range of ports {@code agg_port: auto} picks from (the IANA dynamic range, below Linux's default). */
    public static final int AUTO_PORT_MIN = 49152;
    public static final int AUTO_PORT_MAX = 60999;

    public Plan {
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(collaborator, "collaborator");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(assigner, "assigner");
        Objects.requireNonNull(stragglerHandlingPolicy, "stragglerHandlingPolicy");
        Objects.requireNonNull(dataLoader, "dataLoader");
        Objects.requireNonNull(taskRunner, "taskRunner");
        Objects.requireNonNull(compressionPipeline, "compressionPipeline");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(tree, "tree");
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        collaborators = List.copyOf(collaborators);
        dataPaths = Collections.unmodifiableMap(new LinkedHashMap<>(dataPaths));
        Objects.requireNonNull(openfl, "openfl");
    }

    /** The canonical YAML of the plan sections: what {@code fx plan print} shows and the hash covers. */
    public String toYaml() {
        return CanonicalPlan.yaml(this);
    }

    /** SHA-384 of {@link #toYaml()} (UTF-8), 96 lowercase hex digits. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(toYaml().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is required of every Java platform", e);
        }
    }

    /** The first 8 hex digits of the hash, as in {@code plan/plan_<hash8>.yaml}. */
    public String shortHash() {
        return hash().substring(0, 8);
    }

    /** The federation id every message carries: {@code fl4j-} and the first 16 hex digits of the hash. */
    public String federationId() {
        return "fl4j-" + hash().substring(0, 16);
    }

    /** {@code network.settings.agg_port}, or for {@code auto} a port in 49152-60999 derived from the hash. */
    public int aggregatorPort() {
        if (network.aggPort().isPresent()) {
            return network.aggPort().getAsInt();
        }
        long h = Long.parseLong(hash().substring(0, 8), 16);
        return AUTO_PORT_MIN + (int) (h % (AUTO_PORT_MAX - AUTO_PORT_MIN + 1));
    }

    /**
     * {@code network.settings.agg_addr}, or for {@code auto} this host's fully qualified name (only right on
     * the aggregator's host: {@code fx plan initialize} writes the resolved name into the plan).
     */
    public String aggregatorAddress() {
        return network.aggAddrAuto() ? localHostName() : network.aggAddr();
    }

    /** This host's fully qualified name, or {@code localhost} when it has none. */
    public static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public Optional<TaskSpec> task(String name) {
        return Optional.ofNullable(tasks.get(name));
    }

    /** The collaborator's data path from data.yaml. */
    public Optional<String> dataPath(String collaboratorName) {
        return Optional.ofNullable(dataPaths.get(collaboratorName));
    }

    /**
     * The host and port {@code participant} (a site or an intermediate aggregator) connects to: the root
     * aggregator's, or those of the intermediate aggregator of {@link #tree} it reports to.
     */
    public java.util.Map.Entry<String, Integer> parentEndpoint(String participant) {
        String parent = tree.parentOf(participant);
        if (AggregatorTree.ROOT.equals(parent)) {
            return java.util.Map.entry(aggregatorAddress(), aggregatorPort());
        }
        AggregatorTree.Node node = tree.node(parent).orElseThrow();
        return java.util.Map.entry(node.address(), node.port());
    }

    public boolean hasCollaborator(String name) {
        return collaborators.contains(name);
    }
}
