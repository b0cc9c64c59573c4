package org.fl4j.aggregator.secagg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.secagg.Stage;

/**
 * The SecureAggregation calls held open (long polls), each waiting for the relay of one stage. Not thread-safe:
 * used under the federation's lock; completions are queued as {@code replies} to run after it is released.
 */
final class SecAggPolls {

    private record Poll(String sender, Stage awaited, CompletableFuture<SecAggReply> reply, Instant deadline) {
    }

    private final List<Poll> polls = new ArrayList<>();

    synchronized void add(String sender, Stage awaited, CompletableFuture<SecAggReply> reply, Instant deadline) {
        Poll p = new Poll(sender, awaited, reply, deadline);
        polls.add(p);
        reply.whenComplete((r, e) -> {
            if (reply.isCancelled()) {
                synchronized (this) {
                    polls.remove(p);
                }
            }
        });
    }

    /** Answers the polls past their deadline with {@code waiting}. */
    synchronized void expire(Instant now, Function<Stage, SecAggReply> waiting, List<Runnable> replies) {
        for (Iterator<Poll> it = polls.iterator(); it.hasNext();) {
            Poll p = it.next();
            if (!now.isBefore(p.deadline())) {
                it.remove();
                SecAggReply r = waiting.apply(p.awaited());
                replies.add(() -> p.reply().complete(r));
            }
        }
    }

    /** Answers every poll {@code answer} has an answer for. */
    synchronized void drain(BiFunction<String, Stage, Optional<SecAggReply>> answer, List<Runnable> replies) {
        for (Iterator<Poll> it = polls.iterator(); it.hasNext();) {
            Poll p = it.next();
            Optional<SecAggReply> r = answer.apply(p.sender(), p.awaited());
            if (r.isPresent()) {
                it.remove();
                SecAggReply reply = r.get();
                replies.add(() -> p.reply().complete(reply));
            }
        }
    }
}
