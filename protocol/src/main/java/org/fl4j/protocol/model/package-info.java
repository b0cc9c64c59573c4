/**
 * The model as the rest of fl4j sees it: named float32 tensors ({@link org.fl4j.protocol.model.Tensor}),
 * a model's tensors in order ({@link org.fl4j.protocol.model.ModelWeights}) and the on-disk model file
 * ({@link org.fl4j.protocol.model.ModelFile}). Generated protobuf classes never leave the protocol module
 * except through these types.
 */
package org.fl4j.protocol.model;
