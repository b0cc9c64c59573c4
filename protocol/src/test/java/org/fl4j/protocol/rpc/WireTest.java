package org.fl4j.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ModelChunk;
import org.fl4j.protocol.v1.ResultChunk;
import org.fl4j.protocol.v1.TensorChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tensor-moving marshallers against protobuf's own encoding of the generated messages. */
class WireTest {

    private static final Header HEADER = Codec.header("alpha", "agg.example.org", "fed-1234");
    private static final float[] VALUES = values(70_000);

    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 13) * 0.37f - i * 1e-3f;
        }
        v[5] = Float.NaN;
        v[6] = Float.NEGATIVE_INFINITY;
        v[7] = -0.0f;
        return v;
    }

    private static ByteString littleEndian(float[] v, int from, int count) {
        ByteBuffer b = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v, from, count);
        return ByteString.copyFrom(b.array());
    }

    private static TensorChunk generated(int index, long offset, int from, int count) {
        return TensorChunk.newBuilder().setTensorIndex(index).setByteOffset(offset)
                .setData(littleEndian(VALUES, from, count)).build();
    }

    private static byte[] drained(FloatChunk chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkStream stream = new ChunkStream(chunk);
        int size = stream.available();
        assertThat(stream.drainTo(out)).isEqualTo(size);
        return out.toByteArray();
    }

    // The index/offset zero cases check that proto3 defaults are left out as protobuf leaves them out; 70,000
    // values need more than one pass through the 64 KiB scratch array.
    @ParameterizedTest
    @CsvSource({"0, 0, 0, 10", "3, 0, 0, 1", "0, 400, 100, 5", "2, 40000, 10000, 60000", "1, 8, 2, 0"})
    void floatChunk_drained_sameBytesAsTheGeneratedMessages(int index, long offset, int from, int count)
            throws Exception {
        FloatChunk chunk = new FloatChunk(HEADER, index, offset, VALUES, from, count);

        byte[] bytes = drained(chunk);

        assertThat(bytes).isEqualTo(ModelChunk.newBuilder().setHeader(HEADER)
                .setChunk(generated(index, offset, from, count)).build().toByteArray());
        assertThat(bytes).isEqualTo(ResultChunk.newBuilder().setHeader(HEADER)
                .setChunk(generated(index, offset, from, count)).build().toByteArray());
    }

    @Test
    void chunkStream_readInsteadOfDrained_sameBytes_andThenNotDrainable() throws Exception {
        FloatChunk chunk = new FloatChunk(HEADER, 1, 4, VALUES, 1, 20_000);
        ChunkStream stream = new ChunkStream(chunk);

        byte[] read = stream.readAllBytes();

        assertThat(read).isEqualTo(drained(chunk));
        assertThatThrownBy(() -> stream.drainTo(new ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Counts what a chunk's serialized forms tell their watcher. */
    private static final class CountingWatcher implements ChunkWatcher {
        int opened;
        int read;

        @Override
        public void opened() {
            opened++;
        }

        @Override
        public void read() {
            read++;
        }
    }

    @Test
    void chunkStream_drained_tellsItsWatcherOnceCreatedAndOnceRead() throws Exception {
        CountingWatcher watcher = new CountingWatcher();
        ChunkStream stream = new ChunkStream(new FloatChunk(HEADER, 0, 0, VALUES, 0, 100, watcher));

        assertThat(watcher.opened).isEqualTo(1);
        assertThat(watcher.read).isZero();
        stream.drainTo(new ByteArrayOutputStream());
        assertThat(watcher.read).isEqualTo(1);
    }

    @Test
    void chunkStream_readInPieces_tellsItsWatcherOnceItsValuesAreCopied() throws Exception {
        CountingWatcher watcher = new CountingWatcher();
        ChunkStream stream = new ChunkStream(new FloatChunk(HEADER, 0, 0, VALUES, 0, 1000, watcher));

        assertThat(stream.read()).isNotNegative();
        assertThat(watcher.read).isEqualTo(1);
        VALUES[0] += 1;
        try {
            byte[] rest = stream.readAllBytes();
            assertThat(watcher.read).isEqualTo(1);
            byte[] whole = drained(new FloatChunk(HEADER, 0, 0, VALUES, 0, 1000));
            assertThat(rest).isNotEqualTo(java.util.Arrays.copyOfRange(whole, 1, whole.length));
        } finally {
            VALUES[0] -= 1;
        }
        assertThat(watcher.opened).isEqualTo(1);
    }

    @Test
    void frameMarshaller_chunkAndHeaderFrames_parseBackToTheGeneratedMessages() {
        FrameMarshaller<ResultChunk> marshaller = new FrameMarshaller<>(ResultChunk.getDefaultInstance(),
                ResultChunk.class);
        ResultChunk begin = ResultChunk.newBuilder().setHeader(HEADER).setBegin(
                Codec.resultBegin(new ResultHeader(3, "train", 10, java.util.Map.of(), java.util.List.of()))).build();

        Object chunk = marshaller.parse(marshaller.stream(new FloatChunk(HEADER, 2, 8, VALUES, 2, 300)));
        Object first = marshaller.parse(marshaller.stream(begin));

        assertThat(chunk).isEqualTo(ResultChunk.newBuilder().setHeader(HEADER).setChunk(generated(2, 8, 2, 300))
                .build());
        assertThat(first).isEqualTo(begin);
    }

    @Test
    void aliasingMarshaller_parsesWhatProtobufWrote() {
        ModelChunk message = ModelChunk.newBuilder().setHeader(HEADER).setChunk(generated(4, 12, 3, 1000)).build();
        AliasingMarshaller<ModelChunk> marshaller = new AliasingMarshaller<>(ModelChunk.getDefaultInstance());

        assertThat(marshaller.parse(marshaller.stream(message))).isEqualTo(message);
        assertThat(marshaller.parse(new ByteArrayInputStream(message.toByteArray()))).isEqualTo(message);
        assertThat(marshaller.parse(new ByteArrayInputStream(new byte[0]))).isEqualTo(ModelChunk.getDefaultInstance());
    }

    @Test
    void aliasingMarshaller_corruptMessage_internalErrorNamingTheProblem() {
        byte[] whole = ModelChunk.newBuilder().setHeader(HEADER).setChunk(generated(0, 0, 0, 100)).build()
                .toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 7);
        AliasingMarshaller<ModelChunk> marshaller = new AliasingMarshaller<>(ModelChunk.getDefaultInstance());

        assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(cut)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).startsWith("invalid protobuf message: ");
                });
    }

    @Test
    void aliasingMarshaller_streamShorterThanAnnounced_refused() {
        byte[] whole = ModelChunk.newBuilder().setHeader(HEADER).build().toByteArray();
        InputStream announcesMore = new KnownLengthStream(whole, whole.length + 3);
        AliasingMarshaller<ModelChunk> marshaller = new AliasingMarshaller<>(ModelChunk.getDefaultInstance());

        assertThatThrownBy(() -> marshaller.parse(announcesMore))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
                        e.getStatus().getDescription()).contains("is not the " + (whole.length + 3) + " bytes"));
    }

    /** A stream that claims a length, as gRPC's message streams do. */
    private static final class KnownLengthStream extends ByteArrayInputStream implements io.grpc.KnownLength {
        private final int announced;

        KnownLengthStream(byte[] bytes, int announced) {
            super(bytes);
            this.announced = announced;
        }

        @Override
        public synchronized int available() {
            return announced;
        }
    }
}
