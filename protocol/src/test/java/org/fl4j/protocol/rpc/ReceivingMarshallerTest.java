package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ModelChunk;
import org.fl4j.protocol.v1.ResultChunk;
import org.fl4j.protocol.v1.TensorChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tensor messages parsed where gRPC's transport left them, against protobuf's own parsing of the same bytes. */
class ReceivingMarshallerTest {

    private static final Header HEADER = Codec.header("alpha", "agg.example.org", "fed-1234");
    private static final float[] VALUES = values(3_001);
    private final ReceivingMarshaller<ModelChunk> models = new ReceivingMarshaller<>(ModelChunk.getDefaultInstance());
    private final ReceivingMarshaller<ResultChunk> results = new ReceivingMarshaller<>(
            ResultChunk.getDefaultInstance());

    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.731f - 977.5f;
        }
        v[3] = Float.NaN;
        v[4] = -0.0f;
        return v;
    }

    private static ByteString littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return ByteString.copyFrom(b.array());
    }

    private static ModelChunk chunkMessage() {
        return ModelChunk.newBuilder().setHeader(HEADER).setChunk(TensorChunk.newBuilder().setTensorIndex(2)
                .setByteOffset(4096).setData(littleEndian(VALUES))).build();
    }

    /** The floats of a received chunk, read back through FloatRuns as receivers read them. */
    private static float[] floats(Received<?> received) {
        float[] out = new float[received.data().stream().mapToInt(ByteBuffer::remaining).sum() / 4];
        FloatRuns.forEach(received.data(), (element, run) -> run.asFloatBuffer().get(out, element,
                run.remaining() / 4));
        return out;
    }

    /** The received message with its tensor bytes put back in (copied out of the buffers). */
    private static ModelChunk whole(Received<ModelChunk> received) {
        ModelChunk m = received.message();
        if (!m.hasChunk()) {
            return m;
        }
        ByteString data = ByteString.EMPTY;
        for (ByteBuffer b : received.data()) {
            data = data.concat(ByteString.copyFrom(b.duplicate()));
        }
        return m.toBuilder().setChunk(m.getChunk().toBuilder().setData(data)).build();
    }

    // Cuts of 1024 to 1027 bytes put float boundaries at every position inside a buffer; 16 KiB is Netty's
    // HTTP/2 frame size.
    @ParameterizedTest
    @ValueSource(ints = {1024, 1025, 1026, 1027, 4099, 16384, 1 << 20})
    void chunk_spreadOverBuffers_leftInThemUntilClosed_thenReleased(int cut) {
        ModelChunk sent = chunkMessage();
        LentBuffers lent = LentBuffers.every(sent.toByteArray(), cut);

        Received<ModelChunk> received = models.parse(lent.stream());

        assertThat(received.zeroCopy()).isTrue();
        assertThat(received.message().getChunk().getData()).isEmpty();
        assertThat(received.data()).allSatisfy(b -> assertThat(b.isDirect()).isTrue());
        assertThat(whole(received)).isEqualTo(sent);
        assertThat(floats(received)).isEqualTo(VALUES);
        assertThat(lent.noneReleased()).isTrue();
        received.close();
        assertThat(lent.allReleased()).isTrue();
    }

    @Test
    void chunk_inManySmallBuffers_stillLent() {
        ModelChunk sent = chunkMessage();
        LentBuffers lent = LentBuffers.every(sent.toByteArray(), 64);

        try (Received<ModelChunk> received = models.parse(lent.stream())) {
            assertThat(received.zeroCopy()).isTrue();
            assertThat(whole(received)).isEqualTo(sent);
            assertThat(floats(received)).isEqualTo(VALUES);
        }
        assertThat(lent.allReleased()).isTrue();
    }

    // gRPC copies two or more buffers below 1 KiB that a larger one follows into an array, which it does not
    // lend; so it does 1,000 small ones in a row.
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void chunk_inBuffersGrpcMerged_parsedWhole_buffersReleasedAtOnce(int cutBytes) {
        ModelChunk sent = chunkMessage();
        LentBuffers lent = cutBytes == 1 ? LentBuffers.every(sent.toByteArray(), 1)
                : LentBuffers.of(sent.toByteArray(), 100, 200);

        Received<ModelChunk> received = models.parse(lent.stream());

        assertThat(received.zeroCopy()).isFalse();
        assertThat(lent.allReleased()).isTrue();
        assertThat(received.message()).isEqualTo(sent);
        assertThat(floats(received)).isEqualTo(VALUES);
    }

    @Test
    void lentBuffers_overwrittenOnRelease_soAReadAfterCloseWouldShow() {
        LentBuffers lent = LentBuffers.every(chunkMessage().toByteArray(), 4096);
        Received<ModelChunk> received = models.parse(lent.stream());

        received.close();

        assertThat(floats(received)).isNotEqualTo(VALUES);
    }

    @Test
    void beginFrame_copiedOut_buffersReleasedAtOnce() {
        ResultChunk begin = ResultChunk.newBuilder().setHeader(HEADER).setBegin(Codec.resultBegin(new ResultHeader(
                4, "train", 120, Map.of("loss", 0.5), List.of(new TensorSpec("w", new int[] {3, 1000})))))
                .build();
        LentBuffers lent = LentBuffers.every(begin.toByteArray(), 5);

        Received<ResultChunk> received = results.parse(lent.stream());

        assertThat(received.zeroCopy()).isFalse();
        assertThat(received.message()).isEqualTo(begin);
        assertThat(lent.allReleased()).isTrue();
    }

    @Test
    void fieldsInAnyOrder_repeatedFields_lastDataWins_asProtobufReadsThem() throws Exception {
        ByteString first = littleEndian(Arrays.copyOf(VALUES, 10));
        ByteString last = littleEndian(VALUES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeMessage(ModelChunk.CHUNK_FIELD_NUMBER, TensorChunk.newBuilder().setData(first).setByteOffset(8)
                .build());
        out.writeMessage(ModelChunk.HEADER_FIELD_NUMBER, HEADER);
        out.writeMessage(ModelChunk.CHUNK_FIELD_NUMBER, TensorChunk.newBuilder().setData(last).setTensorIndex(1)
                .build());
        out.flush();
        ModelChunk expected = ModelChunk.parseFrom(bytes.toByteArray());

        Received<ModelChunk> received = models.parse(LentBuffers.every(bytes.toByteArray(), 3333).stream());

        assertThat(received.zeroCopy()).isTrue();
        assertThat(whole(received)).isEqualTo(expected);
        assertThat(whole(received).getChunk().getData()).isEqualTo(last);
        assertThat(received.message().getChunk().getByteOffset()).isEqualTo(8);
        received.close();
    }

    @Test
    void beginAfterChunk_dropsTheChunk_asTheOneofDoes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeMessage(ModelChunk.HEADER_FIELD_NUMBER, HEADER);
        out.writeMessage(ModelChunk.CHUNK_FIELD_NUMBER, TensorChunk.newBuilder().setData(littleEndian(VALUES))
                .build());
        out.writeMessage(ModelChunk.BEGIN_FIELD_NUMBER, org.fl4j.protocol.v1.ModelBegin.newBuilder().setRound(7)
                .build());
        out.flush();
        LentBuffers lent = LentBuffers.every(bytes.toByteArray(), 1100);

        Received<ModelChunk> received = models.parse(lent.stream());

        assertThat(received.message()).isEqualTo(ModelChunk.parseFrom(bytes.toByteArray()));
        assertThat(received.message().hasBegin()).isTrue();
        assertThat(received.zeroCopy()).isFalse();
        assertThat(lent.allReleased()).isTrue();
    }

    @Test
    void unknownField_keptAsProtobufKeepsIt_dataStillLent() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        chunkMessage().writeTo(bytes);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(99, 12345);
        out.flush();
        LentBuffers lent = LentBuffers.every(bytes.toByteArray(), 7777);

        Received<ModelChunk> received = models.parse(lent.stream());

        assertThat(received.zeroCopy()).isTrue();
        assertThat(whole(received)).isEqualTo(ModelChunk.parseFrom(bytes.toByteArray()));
        assertThat(received.message().getUnknownFields().hasField(99)).isTrue();
        received.close();
        assertThat(lent.allReleased()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9, 100, 4000})
    void truncatedMessage_internalError_buffersReleased(int cutOff) {
        byte[] whole = chunkMessage().toByteArray();
        LentBuffers lent = LentBuffers.every(Arrays.copyOf(whole, whole.length - cutOff), 2000);

        assertThatThrownBy(() -> models.parse(lent.stream()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).startsWith("invalid protobuf message: ");
                });
        assertThat(lent.allReleased()).isTrue();
    }

    @Test
    void emptyMessage_isTheDefaultInstance() {
        LentBuffers lent = LentBuffers.of(new byte[0]);

        assertThat(models.parse(lent.stream()).message()).isEqualTo(ModelChunk.getDefaultInstance());
        assertThat(lent.allReleased()).isTrue();
    }

    @Test
    void streamThatLendsNothing_parsedWhole() {
        ModelChunk sent = chunkMessage();

        Received<ModelChunk> received = models.parse(new ByteArrayInputStream(sent.toByteArray()));

        assertThat(received.zeroCopy()).isFalse();
        assertThat(received.message()).isEqualTo(sent);
        assertThat(floats(received)).isEqualTo(VALUES);
        assertThat(models.parse(models.stream(received)).message()).isEqualTo(sent);
    }

    @Test
    void lentMessage_serializedAgain_withItsData() throws Exception {
        ModelChunk sent = chunkMessage();
        try (Received<ModelChunk> received = models.parse(LentBuffers.every(sent.toByteArray(), 2048).stream())) {
            assertThat(received.zeroCopy()).isTrue();
            assertThat(ModelChunk.parseFrom(models.stream(received))).isEqualTo(sent);
        }
    }

    @Test
    void floatRuns_oddNumberOfBytes_refused() {
        List<ByteBuffer> data = List.of(ByteBuffer.wrap(new byte[] {1, 2, 3}), ByteBuffer.wrap(new byte[] {4, 5, 6}));

        assertThatThrownBy(() -> FloatRuns.forEach(data, (element, run) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 bytes");
    }
}
