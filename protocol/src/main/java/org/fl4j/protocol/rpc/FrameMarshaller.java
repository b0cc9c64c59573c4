package org.fl4j.protocol.rpc;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import java.io.InputStream;

/**
 * The marshaller of the streams that carry tensors out: a {@link FloatChunk} is serialized straight from its
 * float array ({@link ChunkStream}); any other message (the stream's first, its header frame) is a generated
 * message serialized by protobuf. Parses like {@link AliasingMarshaller}.
 */
final class FrameMarshaller<T extends Message> implements MethodDescriptor.Marshaller<Object> {

    private final AliasingMarshaller<T> messages;
    private final Class<T> type;

    FrameMarshaller(T defaultInstance, Class<T> type) {
        this.messages = new AliasingMarshaller<>(defaultInstance);
        this.type = type;
    }

    @Override
    public InputStream stream(Object value) {
        if (value instanceof FloatChunk chunk) {
            return new ChunkStream(chunk);
        }
        return messages.stream(type.cast(value));
    }

    @Override
    public Object parse(InputStream stream) {
        return messages.parse(stream);
    }
}
