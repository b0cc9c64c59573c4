/**
 * Tensor codecs: the stages that turn a chunk of float32 values into fewer bytes and back, chained into a
 * {@link org.fl4j.protocol.codec.Pipeline} that a transfer names in {@code TensorSpec.codec} (stage names joined
 * by {@code +}, for example {@code int8_blockwise+lz4}) with its parameters in {@code codec_metadata}. A pipeline
 * is one {@link org.fl4j.protocol.codec.FloatStage} (fp32, fp16, bf16, int8_blockwise, nf4, topk) followed by
 * any number of lossless {@link org.fl4j.protocol.codec.ByteStage}s (lz4). Every stage works on one chunk at a
 * time, with buffers of a chunk's size: a chunk is encoded on its own and decodes on its own, so a receiver
 * decodes each chunk as it arrives. Decoding checks that the bytes fit the declared parameters exactly (block
 * count, k, value count) and bounds every lossless stage's output by what its inner stage can produce, so a
 * malformed or hostile chunk is refused with a {@link org.fl4j.protocol.codec.CodecException} naming what was
 * wrong. {@link org.fl4j.protocol.codec.Codecs} is the registry: a new codec is one class and one line there.
 */
package org.fl4j.protocol.codec;
