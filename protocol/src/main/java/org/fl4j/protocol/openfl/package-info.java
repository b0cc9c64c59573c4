/**
 * OpenFL's aggregator protocol ({@code openfl.aggregator.Aggregator}, OpenFL 1.6 to 1.9) served onto the same
 * {@link org.fl4j.protocol.rpc.FederationHandler} as fl4j's own protocol, so OpenFL's collaborators join an fl4j
 * federation unchanged. {@link org.fl4j.protocol.openfl.OpenFlService} checks OpenFL's message headers against
 * the caller proved by the transport and hands tasks out, serves the round's model one named tensor at a time
 * ({@link org.fl4j.protocol.openfl.RoundModels}) and reads each {@code SendLocalTaskResults} stream piece by
 * piece ({@link org.fl4j.protocol.openfl.TaskResultsReader}), so the tensors of a result flow into the handler's
 * {@link org.fl4j.protocol.rpc.ResultSink} without the serialized result ever being held whole. Tensors travel
 * in OpenFL's {@code NoCompressionPipeline} form ({@link org.fl4j.protocol.openfl.NamedTensors}); anything else
 * is refused by name. Generated classes of OpenFL's messages ({@code org.fl4j.protocol.openfl.wire}) stay inside
 * this package and the model-file code.
 */
package org.fl4j.protocol.openfl;
