package org.fl4j.protocol.rpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.util.ArrayList;
import java.util.List;
import org.fl4j.protocol.v1.AggregatorGrpc;
import org.fl4j.protocol.v1.ModelChunk;
import org.fl4j.protocol.v1.ModelRequest;
import org.fl4j.protocol.v1.ResultAck;
import org.fl4j.protocol.v1.ResultChunk;

/**
 * The fl4j.v1 methods that move tensors, as each side uses them: the sender's descriptor serializes chunks
 * straight from float arrays ({@link FrameMarshaller}), the receiver's leaves their tensor bytes in the
 * transport's buffers ({@link ReceivingMarshaller}). Method names and wire format are the generated ones,
 * which the small messages keep using: peers built on generated stubs interoperate.
 */
final class Wire {

    /** GetModel as the collaborator calls it: chunks left in the transport's buffers until handled. */
    static final MethodDescriptor<ModelRequest, Received<ModelChunk>> GET_MODEL = AggregatorGrpc.getGetModelMethod()
            .toBuilder(ProtoUtils.marshaller(ModelRequest.getDefaultInstance()),
                    new ReceivingMarshaller<>(ModelChunk.getDefaultInstance()))
            .build();

    /** GetModel as the aggregator serves it: a {@code ModelChunk} header frame, then {@link FloatChunk}s. */
    static final MethodDescriptor<ModelRequest, Object> GET_MODEL_FRAMES = AggregatorGrpc.getGetModelMethod()
            .toBuilder(ProtoUtils.marshaller(ModelRequest.getDefaultInstance()),
                    new FrameMarshaller<>(ModelChunk.getDefaultInstance(), ModelChunk.class))
            .build();

    /** SendTaskResults as the aggregator receives it: chunks left in the transport's buffers until handled. */
    static final MethodDescriptor<Received<ResultChunk>, ResultAck> SEND_TASK_RESULTS = AggregatorGrpc
            .getSendTaskResultsMethod()
            .toBuilder(new ReceivingMarshaller<>(ResultChunk.getDefaultInstance()),
                    ProtoUtils.marshaller(ResultAck.getDefaultInstance()))
            .build();

    /** SendTaskResults as the collaborator sends it: a {@code ResultChunk} begin frame, then {@link FloatChunk}s. */
    static final MethodDescriptor<Object, ResultAck> SEND_TASK_RESULTS_FRAMES = AggregatorGrpc
            .getSendTaskResultsMethod()
            .toBuilder(new FrameMarshaller<>(ResultChunk.getDefaultInstance(), ResultChunk.class),
                    ProtoUtils.marshaller(ResultAck.getDefaultInstance()))
            .build();

    private Wire() {
    }

    /**
     * The generated service definition with the tensor-moving methods swapped for the aggregator's side of
     * them: {@code getModel} serves GetModel, {@code sendTaskResults} receives SendTaskResults.
     */
    static ServerServiceDefinition aggregatorSide(ServerServiceDefinition generated,
            ServerCallHandler<ModelRequest, Object> getModel,
            ServerCallHandler<Received<ResultChunk>, ResultAck> sendTaskResults) {
        ServiceDescriptor original = generated.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : generated.getMethods()) {
            String name = m.getMethodDescriptor().getFullMethodName();
            if (name.equals(GET_MODEL_FRAMES.getFullMethodName())) {
                m = ServerMethodDefinition.create(GET_MODEL_FRAMES, getModel);
            } else if (name.equals(SEND_TASK_RESULTS.getFullMethodName())) {
                m = ServerMethodDefinition.create(SEND_TASK_RESULTS, sendTaskResults);
            }
            methods.add(m);
            descriptor.addMethod(m.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(out::addMethod);
        return out.build();
    }
}
