/**
 * The protobuf side of secure aggregation: {@link org.fl4j.secagg.wire.SecAggWire} converts the message records to
 * and from the {@code fl4j.v1} messages of {@code protocol/src/main/proto/fl4j/v1/secure_aggregation.proto}, so the
 * client, the server and their tests never touch generated classes.
 */
package org.fl4j.secagg.wire;
