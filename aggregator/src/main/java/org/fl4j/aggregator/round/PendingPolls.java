package org.fl4j.aggregator.round;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.fl4j.protocol.rpc.TasksOutcome;

/**
 * Task requests held open (long polls): each waits until the federation has something for its collaborator
 * or its deadline passes. Replies are collected as actions to run after the federation's lock is released.
 * Guarded by the {@link Federation}'s lock.
 */
final class PendingPolls {

    private record Poll(String collaborator, Instant deadline) {
    }

    private final Map<CompletableFuture<TasksOutcome>, Poll> polls = new LinkedHashMap<>();

    void add(CompletableFuture<TasksOutcome> reply, String collaborator, Instant deadline) {
        polls.put(reply, new Poll(collaborator, deadline));
    }

    void remove(CompletableFuture<TasksOutcome> reply) {
        polls.remove(reply);
    }

    /** Answers the polls whose deadline has passed with {@code idle}. */
    void expire(Instant now, TasksOutcome idle, List<Runnable> replies) {
        for (Iterator<Map.Entry<CompletableFuture<TasksOutcome>, Poll>> it = polls.entrySet().iterator(); it.hasNext();) {
            Map.Entry<CompletableFuture<TasksOutcome>, Poll> e = it.next();
            if (!now.isBefore(e.getValue().deadline())) {
                it.remove();
                replies.add(() -> e.getKey().complete(idle));
            }
        }
    }

    /** Answers the polls for which {@code outcome} now has something. */
    void wake(Function<String, Optional<TasksOutcome>> outcome, List<Runnable> replies) {
        for (Iterator<Map.Entry<CompletableFuture<TasksOutcome>, Poll>> it = polls.entrySet().iterator(); it.hasNext();) {
            Map.Entry<CompletableFuture<TasksOutcome>, Poll> e = it.next();
            Optional<TasksOutcome> o = outcome.apply(e.getValue().collaborator());
            if (o.isPresent()) {
                it.remove();
                replies.add(() -> e.getKey().complete(o.get()));
            }
        }
    }

    /** Removes and returns every poll. */
    List<CompletableFuture<TasksOutcome>> drain() {
        List<CompletableFuture<TasksOutcome>> all = new ArrayList<>(polls.keySet());
        polls.clear();
        return all;
    }
}
