/**
 * What a site does to a training result on its way out, as the plan's {@code compression_pipeline} and
 * {@code collaborator.settings.delta_updates} say: the difference to the round's global model instead of the
 * weights, error feedback (what the lossy stage dropped is kept in {@code save/residual_<name>.fl4j}, written
 * atomically after each acknowledged upload, and added to the next update, across restarts), and the upload
 * codec pipeline. The chunk-by-chunk work happens in the protocol's sender
 * ({@link org.fl4j.protocol.rpc.OutgoingEncoding}); this package decides what it gets and keeps the residual.
 */
package org.fl4j.collaborator.upload;
