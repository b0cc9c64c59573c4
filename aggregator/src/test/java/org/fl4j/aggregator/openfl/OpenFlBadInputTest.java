package org.fl4j.aggregator.openfl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.openfl.OpenFlIdentity;
import org.fl4j.protocol.openfl.OpenFlTestClient;
import org.fl4j.protocol.openfl.OpenFlTestCollaborator;
import org.fl4j.protocol.openfl.wire.DataStream;
import org.fl4j.protocol.openfl.wire.GetTasksResponse;
import org.fl4j.protocol.openfl.wire.MetadataProto;
import org.fl4j.protocol.openfl.wire.NamedTensor;
import org.fl4j.protocol.openfl.wire.TaskResults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad OpenFL input gets a specific refusal, and the federation goes on as if it had not been sent. */
class OpenFlBadInputTest {

    @TempDir
    Path dir;

    @TempDir
    Path workspace;

    private OpenFlSites sites;

    @BeforeEach
    void start() throws Exception {
        sites = new OpenFlSites(dir, workspace, List.of("alpha", "bravo"), 2);
        sites.start();
    }

    @AfterEach
    void stop() throws Exception {
        sites.close();
    }

    private OpenFlTestClient alpha() {
        return sites.once("alpha", OpenFlSites.IDENTITY, sites.pki.client("alpha"));
    }

    @Test
    void getTasks_headerSenderNotTheCertificateCn_unauthenticatedNamingBoth() {
        OpenFlTestClient spoof = sites.once("bravo", OpenFlSites.IDENTITY, sites.pki.client("alpha"));

        assertRefused(spoof::getTasks, Status.Code.UNAUTHENTICATED,
                "GetTasksRequest header sender 'bravo' does not match the client certificate's CN 'alpha'");
        assertThat(alpha().getTasks().getTasksCount()).isEqualTo(3);
    }

    @Test
    void getTasks_certificateNotInColsOrRevoked_refusedBeforeTheHeaderIsRead() {
        OpenFlTestClient mallory = sites.once("mallory", OpenFlSites.IDENTITY, sites.pki.addClient("mallory"));
        assertRefused(mallory::getTasks, Status.Code.PERMISSION_DENIED, "collaborator 'mallory' is not in"
                + " plan/cols.yaml");

        sites.pki.revoke("bravo");
        OpenFlTestClient bravo = sites.once("bravo", OpenFlSites.IDENTITY, sites.pki.client("bravo"));
        assertThatThrownBy(bravo::getTasks).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED));
    }

    @Test
    void getTasks_wrongFederationUuid_unauthenticatedNamingBoth() {
        OpenFlTestClient other = sites.once("alpha", OpenFlIdentity.ofFederation("plan.yaml_deadbeef"),
                sites.pki.client("alpha"));

        assertRefused(other::getTasks, Status.Code.UNAUTHENTICATED, "GetTasksRequest header federation_uuid"
                + " 'plan.yaml_deadbeef' is not this federation's 'plan.yaml_1f2e3d4c'");
    }

    @Test
    void sendLocalTaskResults_pieceSizeNotItsBytes_refused() {
        OpenFlTestClient alpha = alpha();
        byte[] result = validation(0).toByteArray();
        DataStream lying = DataStream.newBuilder().setSize(result.length + 3).setNpbytes(ByteString.copyFrom(result))
                .build();

        assertRefused(() -> alpha.sendPieces("lying", List.of(lying)), Status.Code.INVALID_ARGUMENT,
                "DataStream 1 declares size " + (result.length + 3) + " but carries " + result.length + " bytes");
        alpha.getTasks();
        alpha.sendLocalTaskResults(validation(0));
    }

    @Test
    void sendLocalTaskResults_moreThanMaxModelMb_resourceExhausted() {
        OpenFlTestClient alpha = alpha().pieceBytes(256 * 1024);
        TaskResults huge = validation(0).toBuilder().setUnknownFields(UnknownFieldSet.newBuilder().addField(9,
                UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(new byte[1_200_000]))
                        .build()).build()).build();

        assertRefused(() -> alpha.sendLocalTaskResults(huge), Status.Code.RESOURCE_EXHAUSTED,
                "the TaskResults stream exceeds the maximum of 1048576 bytes (network.settings.max_model_mb)");
    }

    @Test
    void getAggregatedTensor_roundNotHeld_refusedNamingRounds() {
        OpenFlTestClient alpha = alpha();
        alpha.getTasks();

        assertRefused(() -> alpha.getAggregatedTensor("dense/w", 5, List.of("model"), true),
                Status.Code.INVALID_ARGUMENT, "round 5 has not started: the federation is in round 0");
        assertRefused(() -> alpha.getAggregatedTensor("dense/x", 0, List.of("model"), true),
                Status.Code.INVALID_ARGUMENT, "tensor 'dense/x' is not in the model of round 0");
        assertThat(alpha.getAggregatedTensor("dense/w", 0, List.of("model"), true).getName()).isEqualTo("dense/w");
    }

    @Test
    void sendLocalTaskResults_tensorOfAnotherCompressionPipeline_refusedNamingIt() {
        OpenFlTestClient alpha = alpha();
        GetTasksResponse tasks = alpha.getTasks();
        NamedTensor skc = NamedTensor.newBuilder().setName("dense/w").setRoundNumber(0)
                .addAllTags(List.of("delta", "lossy_compressed", "trained"))
                .addTransformerMetadata(MetadataProto.newBuilder().addIntList(13))
                .addTransformerMetadata(MetadataProto.newBuilder().putIntToFloat(0, 0.5f))
                .addTransformerMetadata(MetadataProto.newBuilder().addBoolList(true))
                .setDataBytes(ByteString.copyFrom(new byte[9])).build();
        TaskResults result = TaskResults.newBuilder().setHeader(alpha.header()).setRoundNumber(0).setTaskName("train")
                .setDataSize(100).addTensors(skc).build();

        assertRefused(() -> alpha.sendLocalTaskResults(result), Status.Code.INVALID_ARGUMENT,
                "tensor 'dense/w' of task train is tagged 'lossy_compressed', as a three-stage pipeline such as"
                        + " openfl.pipelines.SKCPipeline or STCPipeline writes: fl4j implements only"
                        + " openfl.pipelines.NoCompressionPipeline");
        assertRefused(() -> alpha.getAggregatedTensor("dense/w", 0, List.of("aggregated", "delta", "lossy_compressed"),
                false), Status.Code.INVALID_ARGUMENT, "asks for lossy compression ('lossy_compressed')");
        assertThat(tasks.getRoundNumber()).isZero();
    }

    private TaskResults validation(long round) {
        OpenFlTestClient alpha = alpha();
        return TaskResults.newBuilder().setHeader(alpha.header()).setRoundNumber((int) round)
                .setTaskName("aggregated_model_validation").setDataSize(50)
                .addTensors(OpenFlTestCollaborator.tensor("accuracy", new int[0], new float[] {0.5f}, round,
                        new ArrayList<>(List.of("compressed", "metric", "validate_agg")), true, true))
                .build();
    }

    private static void assertRefused(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }
}
