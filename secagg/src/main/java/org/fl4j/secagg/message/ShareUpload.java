package org.fl4j.secagg.message;

import java.util.List;
import org.fl4j.secagg.Stage;

/** Stage SHARE_KEYS: one encrypted share for each neighbour whose keys were relayed. */
public record ShareUpload(long round, List<EncryptedShare> shares) implements ClientMessage {

    public ShareUpload {
        shares = List.copyOf(shares);
    }

    @Override
    public Stage stage() {
        return Stage.SHARE_KEYS;
    }
}
