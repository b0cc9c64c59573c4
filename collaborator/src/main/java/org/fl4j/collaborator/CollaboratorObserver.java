package org.fl4j.collaborator;

import java.time.Duration;
import java.util.Map;

/**
 * What a collaborator reports as it works, for its own monitoring ({@code org.fl4j.collaborator.metrics}); each
 * method does nothing by default. Called from the collaborator loop's thread, after the fact: an observer that
 * throws does not stop the collaborator (it is logged).
 */
public interface CollaboratorObserver {

    /** Observes nothing. */
    CollaboratorObserver NONE = new CollaboratorObserver() {
    };

    /**
     * Task {@code task} of {@code round} ran on this site's data: its wall time, the records it used and the
     * metrics it reports (under record-level DP the train task's {@code epsilon}).
     */
    default void taskRan(long round, String task, boolean train, Duration took, long samples,
            Map<String, Double> metrics) {
    }

    /** This site's part in {@code round} ended; the tensor bytes it downloaded and uploaded during it. */
    default void roundEnded(long round, long bytesDownloaded, long bytesUploaded) {
    }
}
