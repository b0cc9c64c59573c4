package org.fl4j.secagg.message;

import org.fl4j.secagg.Stage;

/**
 * What the aggregator relays to one collaborator: the input of that collaborator's {@link #stage()}. Every
 * message names its round and stage.
 */
public sealed interface RelayMessage permits RoundSetup, NeighbourKeys, SharesRelay, ConsistencyRequest,
        UnmaskRequest {

    long round();

    Stage stage();
}
