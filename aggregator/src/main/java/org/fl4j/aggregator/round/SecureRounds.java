package org.fl4j.aggregator.round;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.fl4j.aggregation.UpdateRejectedException;
import org.fl4j.aggregation.UpdateSink;
import org.fl4j.aggregator.secagg.SecureAggregation;
import org.fl4j.aggregator.secagg.SecureRound;
import org.fl4j.plan.TaskSpec;
import org.fl4j.protocol.model.Tensor;
import org.fl4j.protocol.rpc.FederationException;
import org.fl4j.protocol.rpc.ResultHeader;
import org.fl4j.protocol.v1.SecAggAbort;
import org.fl4j.protocol.v1.SecAggReply;
import org.fl4j.protocol.v1.SecAggRequest;
import org.fl4j.secagg.SecAggException;
import org.fl4j.secagg.SecAggResult;
import org.fl4j.secagg.server.MaskedInputSink;

/**
 * Where the federation's rounds meet secure aggregation (nothing happens here when the plan does not enable it):
 * each round gets its {@link SecureRound} for the collaborators assigned a train task; collaborators out of it
 * have their train task counted as failed, so the round does not wait for them; the round closes only once the
 * secure round settled; and its unmasked average, plus the round's global model, reaches the strategy as one
 * update weighted by the survivors' (capped) weight sum. Called under the federation's lock.
 */
final class SecureRounds {

    static final String CONTRIBUTOR = "secure-aggregation";

    private final SecureAggregation secure;
    private final Map<String, TaskSpec> tasks;
    private final Duration longPoll;

    SecureRounds(SecureAggregation secure, Map<String, TaskSpec> tasks, Duration longPoll) {
        this.secure = secure;
        this.tasks = tasks;
        this.longPoll = longPoll;
    }

    void begin(RoundState s, Instant now) {
        if (secure == null) {
            return;
        }
        List<String> participants = s.assignment.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(t -> tasks.get(t).isTrain()))
                .map(Map.Entry::getKey).sorted().toList();
        try {
            s.secure = SecureRound.begin(secure, s.round, participants, s.model.parameterCount(), now, longPoll);
        } catch (SecAggException e) {
            s.secureProblem = "secure aggregation cannot run round " + s.round + ": " + e.getMessage();
            Federation.LOG.warn("{}; the round keeps its model", s.secureProblem);
        }
    }

    MaskedInputSink openMaskedInput(RoundState s, String collaborator, ResultHeader header) {
        if (s.secure == null) {
            throw FederationException.invalid(s.secureProblem);
        }
        return s.secure.openMaskedInput(collaborator, header.tensors());
    }

    CompletableFuture<SecAggReply> handle(RoundState s, String collaborator, Optional<byte[]> certificateDer,
            SecAggRequest request, Instant now, List<Runnable> replies) {
        if (request.getRound() < s.round) {
            throw FederationException.stale("SecAggRequest is of round " + request.getRound() + ", which is over: the"
                    + " federation is in round " + s.round);
        }
        if (request.getRound() > s.round) {
            throw FederationException.invalid("SecAggRequest is of round " + request.getRound() + ", which has not"
                    + " started: the federation is in round " + s.round);
        }
        if (s.secure == null) {
            return CompletableFuture.completedFuture(SecAggReply.newBuilder().setRound(s.round)
                    .setStage(request.getStage()).setAbort(SecAggAbort.newBuilder().setReason(s.secureProblem))
                    .build());
        }
        return s.secure.handle(collaborator, certificateDer, request, now, replies);
    }

    /** Counts the train task of every collaborator out of the secure round as failed: the round cannot use it. */
    void markDropouts(RoundState s) {
        if (secure == null) {
            return;
        }
        for (Map.Entry<String, List<String>> e : s.assignment.entrySet()) {
            String c = e.getKey();
            Optional<String> why = s.secure == null ? Optional.of(s.secureProblem) : s.secure.outOfRound(c);
            if (why.isEmpty()) {
                continue;
            }
            for (String task : e.getValue()) {
                if (tasks.get(task).isTrain() && !s.isDone(c, task) && s.refusal(c, task) == null
                        && !s.isReceiving(c, task)) {
                    Federation.LOG.info("Round {}: the train task of {} counts as failed: {}", s.round, c, why.get());
                    s.markFailed(c, task, why.get());
                }
            }
        }
    }

    /**
     * True when the round may close as far as secure aggregation goes: it settled (or does not run); when the
     * straggler policy {@code closes} the round, masked inputs still missing are given up on first.
     */
    boolean settle(RoundState s, boolean closes, Instant now, List<Runnable> replies) {
        if (s.secure == null) {
            return true;
        }
        s.secure.advance(now, replies);
        if (closes) {
            s.secure.closeInputs(now, replies);
        }
        return s.secure.settled();
    }

    /** Feeds the unmasked average to the round's aggregation as one update, and ends the secure round. */
    void feed(RoundState s, List<Runnable> replies) {
        if (s.secure == null) {
            return;
        }
        s.secure.abandon(replies);
        Optional<SecAggResult> result = s.secure.result();
        if (result.isEmpty()) {
            return;
        }
        SecAggResult r = result.get();
        UpdateSink sink = s.aggregation.open(CONTRIBUTOR, Math.max(1, r.weightSum()));
        try {
            float[] average = r.average();
            int offset = 0;
            List<Tensor> global = s.model.tensors();
            for (int i = 0; i < global.size(); i++) {
                float[] g = global.get(i).values();
                float[] next = new float[g.length];
                for (int j = 0; j < g.length; j++) {
                    next[j] = g[j] + average[offset + j];
                }
                sink.accept(i, 0, next, 0, next.length);
                offset += g.length;
            }
            sink.commit();
        } catch (UpdateRejectedException e) {
            sink.abort();
            Federation.LOG.warn("Round {}: the unmasked average was refused: {}; the model stays", s.round,
                    e.getMessage());
        }
    }
}
