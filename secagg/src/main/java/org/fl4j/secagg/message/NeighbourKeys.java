package org.fl4j.secagg.message;

import java.util.List;
import org.fl4j.secagg.Stage;

/** Relayed before stage SHARE_KEYS: the signed keys of the collaborator's neighbours that advertised (U1). */
public record NeighbourKeys(long round, List<SignedKeys> neighbours) implements RelayMessage {

    public NeighbourKeys {
        neighbours = List.copyOf(neighbours);
    }

    @Override
    public Stage stage() {
        return Stage.SHARE_KEYS;
    }
}
