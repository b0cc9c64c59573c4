package org.fl4j.secagg.message;

import java.util.List;
import org.fl4j.secagg.Stage;

/** Relayed before stage CONSISTENCY: the collaborators whose masked input the aggregator took (U3). */
public record ConsistencyRequest(long round, List<String> survivors) implements RelayMessage {

    public ConsistencyRequest {
        survivors = List.copyOf(survivors);
    }

    @Override
    public Stage stage() {
        return Stage.CONSISTENCY;
    }
}
