package org.fl4j.secagg.message;

import java.util.List;
import org.fl4j.secagg.Stage;

/**
 * Relayed before stage UNMASK: the consistency signatures of the collaborator's neighbours (U4), the neighbours
 * whose self-seed share it should reveal (survivors) and those whose mask-key share it should reveal (dropped
 * after sharing). An honest collaborator refuses a request naming one neighbour in both lists.
 */
public record UnmaskRequest(long round, List<ConsistencySignature> signatures, List<String> seedSharesOf,
        List<String> keySharesOf) implements RelayMessage {

    public UnmaskRequest {
        signatures = List.copyOf(signatures);
        seedSharesOf = List.copyOf(seedSharesOf);
        keySharesOf = List.copyOf(keySharesOf);
    }

    @Override
    public Stage stage() {
        return Stage.UNMASK;
    }
}
