package org.fl4j.secagg.message;

import java.util.List;
import org.fl4j.secagg.Stage;

/** Relayed before stage ADVERTISE_KEYS: the round's participants (U0). */
public record RoundSetup(long round, List<String> participants) implements RelayMessage {

    public RoundSetup {
        participants = List.copyOf(participants);
    }

    @Override
    public Stage stage() {
        return Stage.ADVERTISE_KEYS;
    }
}
