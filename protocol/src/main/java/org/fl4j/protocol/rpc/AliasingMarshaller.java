package org.fl4j.protocol.rpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses messages that carry bulk tensor bytes with one copy fewer than gRPC's protobuf marshaller: the
 * message's bytes are read from the transport into an array of their own, and the message is parsed with
 * aliasing, so its {@code bytes} fields are views of that array instead of copies of it. The array belongs to
 * the message alone and is never written again, which is what makes the aliasing safe. Serializing is
 * gRPC's own. The wire format is unchanged: peers using generated stubs interoperate.
 */
final class AliasingMarshaller<T extends Message> implements MethodDescriptor.Marshaller<T> {

    private final MethodDescriptor.Marshaller<T> standard;
    private final Parser<T> parser;
    private final T empty;

    @SuppressWarnings("unchecked")
    AliasingMarshaller(T defaultInstance) {
        this.standard = ProtoUtils.marshaller(defaultInstance);
        this.parser = (Parser<T>) defaultInstance.getParserForType();
        this.empty = defaultInstance;
    }

    @Override
    public InputStream stream(T value) {
        return standard.stream(value);
    }

    @Override
    public T parse(InputStream stream) {
        try {
            byte[] bytes = stream instanceof KnownLength ? readExactly(stream, stream.available())
                    : stream.readAllBytes();
            if (bytes.length == 0) {
                return empty;
            }
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            T message = parser.parseFrom(in);
            in.checkLastTagWas(0);
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("invalid protobuf message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot read a message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        }
    }

    /** Reads straight into an array of the announced size (InputStream.readNBytes would copy via small ones). */
    private static byte[] readExactly(InputStream stream, int size) throws IOException {
        byte[] bytes = new byte[size];
        int read = 0;
        for (int n; read < size && (n = stream.read(bytes, read, size - read)) > 0;) {
            read += n;
        }
        if (read != size || stream.read() != -1) {
            throw new IOException("the message is not the " + size + " bytes its frame announced");
        }
        return bytes;
    }
}
