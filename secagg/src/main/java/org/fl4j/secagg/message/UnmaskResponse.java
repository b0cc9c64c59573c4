package org.fl4j.secagg.message;

import java.util.List;
import org.fl4j.secagg.Stage;

/** Stage UNMASK: the shares the collaborator reveals. */
public record UnmaskResponse(long round, List<RevealedShare> shares) implements ClientMessage {

    public UnmaskResponse {
        shares = List.copyOf(shares);
    }

    @Override
    public Stage stage() {
        return Stage.UNMASK;
    }
}
