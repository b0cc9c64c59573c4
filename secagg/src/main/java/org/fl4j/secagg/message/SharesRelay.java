package org.fl4j.secagg.message;

import java.util.List;
import org.fl4j.secagg.Stage;

/** Relayed before stage MASKED_INPUT: the shares addressed to the collaborator by neighbours that sent theirs (U2). */
public record SharesRelay(long round, List<EncryptedShare> shares) implements RelayMessage {

    public SharesRelay {
        shares = List.copyOf(shares);
    }

    @Override
    public Stage stage() {
        return Stage.MASKED_INPUT;
    }
}
