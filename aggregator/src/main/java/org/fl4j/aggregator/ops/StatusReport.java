package org.fl4j.aggregator.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fl4j.aggregator.round.FederationSnapshot;
import org.fl4j.protocol.v1.CollaboratorStatus;
import org.fl4j.protocol.v1.StatusReply;

/**
 * Builds the operator's status from a federation snapshot and the activity seen. A collaborator's state is the
 * first that applies of:
 * <ul>
 * <li>{@code unseen}: it has not called since the aggregator started;</li>
 * <li>{@code refused}: a result of it was refused this round, or its last call was refused;</li>
 * <li>{@code uploaded}: it delivered every task of the round;</li>
 * <li>{@code dropped}: it has been silent longer than the drop limit (three long polls plus twice the longest
 * task seen);</li>
 * <li>{@code late}: it owes results and the round has run past its estimated end;</li>
 * <li>{@code training}: it owes results of the round;</li>
 * <li>{@code connected}: otherwise (it has nothing to do this round, or no round is open).</li>
 * </ul>
 * The round's estimated end is its start plus the mean length of the rounds closed since the aggregator started;
 * before the first one, the time so far scaled by collaborators assigned over collaborators reported; unknown
 * (0) while nobody has reported.
 */
final class StatusReport {

    private StatusReport() {
    }

    static StatusReply build(String federationId, String aggregator, FederationSnapshot snap, List<String> all,
            CollaboratorActivity activity, Duration longPoll, String auditHead) {
        Instant now = snap.now();
        Instant end = estimatedEnd(snap, activity);
        Duration dropAfter = longPoll.multipliedBy(3).plus(activity.longestTask().multipliedBy(2));
        StatusReply.Builder reply = StatusReply.newBuilder().setFederationId(federationId).setAggregator(aggregator)
                .setRound(snap.round()).setRoundsToTrain(snap.roundsToTrain())
                .setPhase(snap.phase().name().toLowerCase(java.util.Locale.ROOT))
                .setRoundStartedMs(snap.roundStarted() == null ? 0 : snap.roundStarted().toEpochMilli())
                .setEstimatedRoundEndMs(end == null ? 0 : end.toEpochMilli()).setNowMs(now.toEpochMilli())
                .setAuditHead(auditHead == null ? "" : auditHead).setRoundsCompleted(activity.roundsClosed());
        for (String name : all) {
            CollaboratorActivity.Seen seen = activity.of(name);
            FederationSnapshot.Progress p = snap.progress().get(name);
            CollaboratorStatus.Builder c = CollaboratorStatus.newBuilder().setName(name)
                    .setState(state(seen, p, now, end, dropAfter));
            if (seen != null) {
                c.setLastContactMs(seen.lastContact == null ? 0 : seen.lastContact.toEpochMilli())
                        .setBytesIn(seen.bytesIn).setBytesOut(seen.bytesOut)
                        .setLastRefusal(seen.refusal == null ? "" : seen.refusal);
            }
            if (p != null) {
                c.addAllTasks(p.tasks()).addAllDone(p.done().stream().sorted().toList())
                        .addAllFailed(p.failed().stream().sorted().toList());
            }
            reply.addCollaborators(c);
        }
        return reply.build();
    }

    static String state(CollaboratorActivity.Seen seen, FederationSnapshot.Progress p, Instant now, Instant end,
            Duration dropAfter) {
        if (seen == null || (seen.lastContact == null && seen.refusedAt == null)) {
            return "unseen";
        }
        boolean callRefused = seen.refusedAt != null
                && (seen.lastContact == null || !seen.refusedAt.isBefore(seen.lastContact));
        if ((p != null && !p.failed().isEmpty()) || callRefused) {
            return "refused";
        }
        if (p != null && p.reported()) {
            return "uploaded";
        }
        if (Duration.between(seen.lastContact, now).compareTo(dropAfter) > 0) {
            return "dropped";
        }
        if (p != null) {
            return end != null && now.isAfter(end) ? "late" : "training";
        }
        return "connected";
    }

    static Instant estimatedEnd(FederationSnapshot snap, CollaboratorActivity activity) {
        if (snap.roundStarted() == null) {
            return null;
        }
        Duration mean = activity.meanRound();
        if (mean != null) {
            return snap.roundStarted().plus(mean);
        }
        long reported = snap.progress().values().stream().filter(FederationSnapshot.Progress::reported).count();
        if (reported == 0) {
            return null;
        }
        Duration so = Duration.between(snap.roundStarted(), snap.now());
        return snap.roundStarted().plus(so.multipliedBy(snap.progress().size()).dividedBy(reported));
    }
}
