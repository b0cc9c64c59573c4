package org.fl4j.protocol.openfl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.openfl.wire.MessageHeader;
import org.fl4j.protocol.openfl.wire.NamedTensor;
import org.fl4j.protocol.openfl.wire.TaskResults;
import org.fl4j.protocol.rpc.FederationException;
import org.junit.jupiter.api.Test;

class TaskResultsReaderTest {

    static TaskResults sample() {
        return TaskResults.newBuilder()
                .setHeader(MessageHeader.newBuilder().setSender("alpha").setReceiver("aggregator_plan.yaml_1234abcd")
                        .setFederationUuid("plan.yaml_1234abcd"))
                .setRoundNumber(3).setTaskName("train").setDataSize(-1)
                .addTensors(OpenFlTestCollaborator.tensor("loss", new int[0], new float[] {0.25f}, 3,
                        List.of("compressed", "metric"), true, true))
                .addTensors(OpenFlTestCollaborator.tensor("dense/w", new int[] {3, 7}, values(21), 3,
                        List.of("compressed", "trained"), true, false))
                .addTensors(NamedTensor.newBuilder().setName("empty").addTransformerMetadata(
                        org.fl4j.protocol.openfl.wire.MetadataProto.newBuilder().addIntList(0)))
                .build();
    }

    static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.5f * i - 3;
        }
        return v;
    }

    /** Every event of {@code bytes} read in pieces of {@code piece} bytes, data gathered per tensor. */
    static List<String> read(byte[] bytes, int piece) {
        TaskResultsReader reader = new TaskResultsReader();
        List<String> events = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i += piece) {
            reader.add(ByteBuffer.wrap(bytes, i, Math.min(piece, bytes.length - i)));
            for (TaskResultsReader.Event e = reader.next(); e != null; e = reader.next()) {
                if (e instanceof TaskResultsReader.TensorBytes b) {
                    byte[] chunk = new byte[b.bytes().remaining()];
                    b.bytes().get(chunk);
                    data.writeBytes(chunk);
                } else if (e instanceof TaskResultsReader.TensorEnd) {
                    events.add("end " + ByteString.copyFrom(data.toByteArray()).hashCode());
                    data.reset();
                } else if (e instanceof TaskResultsReader.TensorBegin t) {
                    events.add("tensor " + t.name() + " " + t.tags() + " " + t.metadata().get(0).getIntListList() + " "
                            + t.dataBytes() + " " + t.report());
                } else {
                    events.add(e.toString());
                }
            }
        }
        reader.finish();
        return events;
    }

    @Test
    void next_everyPieceSize_sameEventsAsWhole() {
        byte[] bytes = sample().toByteArray();
        List<String> whole = read(bytes, bytes.length);
        assertThat(whole).hasSize(10);
        assertThat(whole.get(0)).contains("sender: \"alpha\"");
        assertThat(whole.subList(1, 4)).containsExactly("Round[round=3]", "TaskName[name=train]", "DataSize[size=-1]");
        assertThat(whole.get(4)).isEqualTo("tensor loss [compressed, metric] [] 4 true");
        assertThat(whole.get(6)).isEqualTo("tensor dense/w [compressed, trained] [3, 7] 84 false");
        assertThat(whole.get(8)).isEqualTo("tensor empty [] [0] 0 false");
        for (int piece = 1; piece < bytes.length; piece++) {
            assertThat(read(bytes, piece)).as("pieces of %d bytes", piece).isEqualTo(whole);
        }
    }

    @Test
    void next_unknownFields_skipped() {
        TaskResults withUnknown = sample().toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(9, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("xyz"))
                        .addVarint(7).build()).build()).build();
        byte[] bytes = withUnknown.toByteArray();
        assertThat(read(bytes, 5)).isEqualTo(read(sample().toByteArray(), 1000));
    }

    @Test
    void finish_streamCutInsideATensor_refusedNamingIt() {
        byte[] bytes = sample().toByteArray();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 30);
        assertThatThrownBy(() -> read(cut, 7)).isInstanceOf(FederationException.class)
                .hasMessageContaining("ended in the middle of tensor 2 'dense/w'");
    }

    @Test
    void next_fieldAfterData_refused() {
        NamedTensor t = OpenFlTestCollaborator.tensor("w", new int[] {2}, new float[] {1, 2}, 0, List.of("trained"),
                true, false);
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        tensor.writeBytes(t.toByteArray());
        tensor.writeBytes(new byte[] {0x2a, 0x01, 'x'});
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(TaskResults.newBuilder().setTaskName("train").build().toByteArray());
        whole.write(0x2a);
        whole.write(tensor.size());
        whole.writeBytes(tensor.toByteArray());
        assertThatThrownBy(() -> read(whole.toByteArray(), 3)).isInstanceOf(FederationException.class)
                .hasMessageContaining("tensor 1 'w': field 5 follows its data_bytes");
    }
}
