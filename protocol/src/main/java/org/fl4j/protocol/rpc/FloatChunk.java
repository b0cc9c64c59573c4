package org.fl4j.protocol.rpc;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.ModelChunk;
import org.fl4j.protocol.v1.ResultChunk;
import org.fl4j.protocol.v1.TensorChunk;

/**
 * An outbound chunk message ({@code ModelChunk} or {@code ResultChunk} with its {@code chunk} part set) whose
 * tensor bytes are still the float array they come from: {@link ChunkStream} writes them straight into the
 * transport's buffers when gRPC sends the message, so no chunk-sized byte array is ever allocated.
 *
 * @param values  the tensor's values; {@code count} of them from {@code from} are sent, and must not change
 *                until {@code watcher} is told they were read
 * @param watcher told when the chunk's serialized form is created and when it has read the values
 */
record FloatChunk(Header header, int tensorIndex, long byteOffset, float[] values, int from, int count,
        ChunkWatcher watcher) {

    FloatChunk(Header header, int tensorIndex, long byteOffset, float[] values, int from, int count) {
        this(header, tensorIndex, byteOffset, values, from, count, ChunkWatcher.NONE);
    }

    /** Field numbers shared by {@code ModelChunk} and {@code ResultChunk}. */
    static final int HEADER_FIELD = ModelChunk.HEADER_FIELD_NUMBER;
    static final int CHUNK_FIELD = ModelChunk.CHUNK_FIELD_NUMBER;

    static {
        if (ResultChunk.HEADER_FIELD_NUMBER != HEADER_FIELD || ResultChunk.CHUNK_FIELD_NUMBER != CHUNK_FIELD) {
            throw new ExceptionInInitializerError("ModelChunk and ResultChunk must number their fields alike");
        }
    }

    long dataBytes() {
        return 4L * count;
    }

    /** The size of the {@code TensorChunk} message, as protobuf would serialize it. */
    int tensorChunkSize() {
        int size = 0;
        if (tensorIndex != 0) {
            size += CodedOutputStream.computeUInt32Size(TensorChunk.TENSOR_INDEX_FIELD_NUMBER, tensorIndex);
        }
        if (byteOffset != 0) {
            size += CodedOutputStream.computeUInt64Size(TensorChunk.BYTE_OFFSET_FIELD_NUMBER, byteOffset);
        }
        if (count != 0) {
            size += CodedOutputStream.computeTagSize(TensorChunk.DATA_FIELD_NUMBER)
                    + CodedOutputStream.computeUInt32SizeNoTag((int) dataBytes()) + (int) dataBytes();
        }
        return size;
    }

    /** The whole message's size, as protobuf would serialize it. */
    int serializedSize() {
        int inner = tensorChunkSize();
        return CodedOutputStream.computeMessageSize(HEADER_FIELD, header)
                + CodedOutputStream.computeTagSize(CHUNK_FIELD) + CodedOutputStream.computeUInt32SizeNoTag(inner)
                + inner;
    }

    /** Writes everything up to the first data byte: header, the chunk's tag and length, index, offset, data tag. */
    void writePrefix(CodedOutputStream out) throws IOException {
        out.writeMessage(HEADER_FIELD, header);
        out.writeTag(CHUNK_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(tensorChunkSize());
        if (tensorIndex != 0) {
            out.writeUInt32(TensorChunk.TENSOR_INDEX_FIELD_NUMBER, tensorIndex);
        }
        if (byteOffset != 0) {
            out.writeUInt64(TensorChunk.BYTE_OFFSET_FIELD_NUMBER, byteOffset);
        }
        if (count != 0) {
            out.writeTag(TensorChunk.DATA_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag((int) dataBytes());
        }
    }
}
