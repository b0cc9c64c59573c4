package org.fl4j.protocol.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.fl4j.protocol.v1.TensorChunk;

/**
 * Parses the messages of a tensor stream ({@code ModelChunk}, {@code ResultChunk}) without copying their tensor
 * bytes: where gRPC lends its transport buffers ({@link Detachable}, {@link HasByteBuffer}: Netty does), the
 * stream is detached, the message split by {@link ChunkParser}, and its chunk's tensor bytes left in those
 * buffers, which the returned {@link Received} holds, with views of the bytes, until it is closed. A chunk thus
 * reaches the staging buffer or the model's arrays in one copy, and no chunk-sized array is allocated. Streams
 * that do not lend their buffers (in-process transports; messages in which gRPC merged runs of small buffers
 * into an array of its own) and messages of an unusual shape are parsed whole by {@link AliasingMarshaller}.
 * The wire format is protobuf's; serializing is protobuf's own.
 */
final class ReceivingMarshaller<T extends Message> implements MethodDescriptor.Marshaller<Received<T>> {

    private final AliasingMarshaller<T> whole;
    private final T empty;
    private final FieldDescriptor chunkField;

    ReceivingMarshaller(T defaultInstance) {
        this.whole = new AliasingMarshaller<>(defaultInstance);
        this.empty = defaultInstance;
        this.chunkField = defaultInstance.getDescriptorForType().findFieldByNumber(FloatChunk.CHUNK_FIELD);
        if (chunkField == null || chunkField.getMessageType() != TensorChunk.getDescriptor()) {
            throw new IllegalArgumentException(defaultInstance.getDescriptorForType().getFullName()
                    + " has no TensorChunk field " + FloatChunk.CHUNK_FIELD);
        }
    }

    /** Serializes the message; for a received one whose bytes are lent, with its data put back. */
    @Override
    public InputStream stream(Received<T> value) {
        if (!value.zeroCopy()) {
            return whole.stream(value.message());
        }
        ByteString data = ByteString.EMPTY;
        for (ByteBuffer b : value.data()) {
            data = data.concat(ByteString.copyFrom(b.duplicate()));
        }
        return whole.stream(withData(value.message(), data));
    }

    @Override
    public Received<T> parse(InputStream stream) {
        if (!(stream instanceof Detachable detachable && stream instanceof HasByteBuffer buffers
                && buffers.byteBufferSupported() && stream.markSupported())) {
            return owned(whole.parse(stream));
        }
        InputStream lent = detachable.detach();
        try {
            if (!(lent instanceof HasByteBuffer lentBuffers)) {
                Received<T> owned = owned(whole.parse(lent));
                lent.close();
                return owned;
            }
            Received<T> received = split(lent, lentBuffers);
            if (!received.zeroCopy()) {
                lent.close();
            }
            return received;
        } catch (IOException e) {
            closeQuietly(lent);
            throw Status.INTERNAL.withDescription("cannot read a message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        } catch (RuntimeException e) {
            closeQuietly(lent);
            throw e;
        }
    }

    /** Parses {@code lent} (a detached gRPC stream); the result holds it when its data points into it. */
    @SuppressWarnings("unchecked")
    private Received<T> split(InputStream lent, HasByteBuffer buffers) throws IOException {
        int length = lent.available();
        if (length == 0) {
            return owned(empty);
        }
        lent.mark(length);
        ChunkParser.Split split = ChunkParser.parse(lent, buffers, length);
        if (split == null) {
            lent.reset();
            return owned(whole.parse(lent));
        }
        T message;
        try {
            message = (T) empty.getParserForType().parseFrom(split.rest());
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("invalid protobuf message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        }
        if (split.data() == null || !message.hasField(chunkField)) {
            return owned(message);
        }
        return new Received<>(message, split.data(), lent);
    }

    /** A message that holds its own bytes: its chunk's data (if any) as it is. */
    private Received<T> owned(T message) {
        List<ByteBuffer> data = message.hasField(chunkField)
                ? ((TensorChunk) message.getField(chunkField)).getData().asReadOnlyByteBufferList() : List.of();
        return new Received<>(message, data, null);
    }

    @SuppressWarnings("unchecked")
    private T withData(T message, ByteString data) {
        TensorChunk chunk = (TensorChunk) message.getField(chunkField);
        return (T) message.toBuilder().setField(chunkField, chunk.toBuilder().setData(data).build()).build();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException suppressed) {
            // Handing buffers back after a failed parse: the parse's error is the one to report.
        }
    }
}
