package org.fl4j.dl4j.experiment;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import org.fl4j.collaborator.CollaboratorObserver;

/**
 * Adds up the tensor bytes every virtual site reports at the end of its part in a round, the same counts a
 * collaborator process logs as {@code Round N traffic}: what the wire carried, so after the plan's compression
 * stages. Shared by all the sites' loops of a simulation, each calling from its own thread.
 */
final class TrafficTally implements CollaboratorObserver {

    private final Map<Long, LongAdder[]> rounds = new ConcurrentSkipListMap<>();

    @Override
    public void roundEnded(long round, long bytesDownloaded, long bytesUploaded) {
        LongAdder[] sums = rounds.computeIfAbsent(round, r -> new LongAdder[] {new LongAdder(), new LongAdder()});
        sums[0].add(bytesDownloaded);
        sums[1].add(bytesUploaded);
    }

    /** Each round's bytes, every site's added, in round order. */
    List<SimulationResult.RoundTraffic> rounds() {
        return rounds.entrySet().stream().map(e -> new SimulationResult.RoundTraffic(e.getKey(),
                e.getValue()[0].sum(), e.getValue()[1].sum())).toList();
    }
}
