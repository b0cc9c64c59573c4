package org.fl4j.secagg.message;

import org.fl4j.secagg.Stage;

/** What a collaborator sends the aggregator in a stage. Every message names its round and stage. */
public sealed interface ClientMessage permits KeyAdvertisement, ShareUpload, ConsistencySignature, UnmaskResponse {

    long round();

    Stage stage();
}
