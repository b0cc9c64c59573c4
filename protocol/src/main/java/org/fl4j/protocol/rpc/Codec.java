package org.fl4j.protocol.rpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fl4j.protocol.v1.Assignment;
import org.fl4j.protocol.v1.DType;
import org.fl4j.protocol.v1.Header;
import org.fl4j.protocol.v1.Idle;
import org.fl4j.protocol.v1.Metric;
import org.fl4j.protocol.v1.Quit;
import org.fl4j.protocol.v1.ResultBegin;
import org.fl4j.protocol.v1.TasksReply;

/**
 * Converts between generated protobuf messages and fl4j's records. Incoming messages are validated here:
 * every problem is a {@link FederationException} naming the field.
 */
final class Codec {

    private Codec() {
    }

    static Header header(String sender, String receiver, String federationId) {
        return Header.newBuilder()
                .setSender(sender)
                .setReceiver(receiver)
                .setFederationId(federationId)
                .setProtocolMajor(ProtocolVersion.CURRENT.major())
                .setProtocolMinor(ProtocolVersion.CURRENT.minor())
                .build();
    }

    static ProtocolVersion version(Header h) {
        return new ProtocolVersion(h.getProtocolMajor(), h.getProtocolMinor());
    }

    static org.fl4j.protocol.v1.TensorSpec spec(TensorSpec spec) {
        org.fl4j.protocol.v1.TensorSpec.Builder b = org.fl4j.protocol.v1.TensorSpec.newBuilder()
                .setName(spec.name())
                .setDtype(DType.FLOAT32);
        for (int d : spec.shape()) {
            b.addShape(d);
        }
        Encodings.write(spec, b);
        return b.build();
    }

    /**
     * Reads tensor specs, refusing unknown dtypes, codecs {@code codecs} does not take, bad codec metadata, bad
     * shapes and totals above {@code maxBytes}; encoded chunks may hold at most {@code chunkBytes} values.
     */
    static List<TensorSpec> specs(List<org.fl4j.protocol.v1.TensorSpec> in, long maxBytes, int chunkBytes,
            String what, AcceptedCodecs codecs) {
        List<TensorSpec> out = new ArrayList<>(in.size());
        long total = 0;
        for (int i = 0; i < in.size(); i++) {
            org.fl4j.protocol.v1.TensorSpec s = in.get(i);
            String where = what + ".tensors[" + i + "] '" + s.getName() + "'";
            if (s.getName().isBlank()) {
                throw FederationException.invalid(what + ".tensors[" + i + "]: name must not be blank");
            }
            if (s.getDtype() != DType.FLOAT32) {
                throw FederationException.invalid(where + ": dtype must be FLOAT32, found " + s.getDtype());
            }
            int[] shape = new int[s.getShapeCount()];
            for (int d = 0; d < shape.length; d++) {
                long dim = s.getShape(d);
                if (dim < 0 || dim > Integer.MAX_VALUE) {
                    throw FederationException.invalid(where + ": shape dimension " + d + " out of range, found " + dim);
                }
                shape[d] = (int) dim;
            }
            TensorSpec spec = Encodings.read(s.getName(), shape, s, chunkBytes, where, codecs);
            long bytes;
            try {
                bytes = spec.byteSize();
                total = Math.addExact(total, bytes);
            } catch (ArithmeticException e) {
                throw new FederationException(FederationException.Kind.TOO_LARGE, where + ": size overflows");
            }
            if (bytes / 4 > Integer.MAX_VALUE - 8) {
                throw new FederationException(FederationException.Kind.TOO_LARGE,
                        where + ": more than 2^31 values in one tensor");
            }
            if (total > maxBytes) {
                throw new FederationException(FederationException.Kind.TOO_LARGE, what + ": " + total
                        + " bytes of tensors exceed the maximum of " + maxBytes + " bytes (network.settings.max_model_mb)");
            }
            out.add(spec);
        }
        return out;
    }

    static List<Metric> metrics(Map<String, Double> metrics) {
        List<Metric> out = new ArrayList<>(metrics.size());
        metrics.forEach((k, v) -> out.add(Metric.newBuilder().setName(k).setValue(v).build()));
        return out;
    }

    static Map<String, Double> metrics(List<Metric> in, String what) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : in) {
            if (m.getName().isBlank()) {
                throw FederationException.invalid(what + ".metrics: a metric has a blank name");
            }
            if (out.put(m.getName(), m.getValue()) != null) {
                throw FederationException.invalid(what + ".metrics: metric '" + m.getName() + "' appears twice");
            }
        }
        return out;
    }

    static ResultBegin resultBegin(ResultHeader h) {
        ResultBegin.Builder b = ResultBegin.newBuilder()
                .setRound(h.round())
                .setTask(h.task())
                .setSampleCount(h.sampleCount())
                .addAllMetrics(metrics(h.metrics()));
        h.tensors().forEach(s -> b.addTensors(spec(s)));
        h.forwarded().forEach(f -> b.addForwarded(org.fl4j.protocol.v1.ForwardedMetrics.newBuilder()
                .setOrigin(f.origin()).setSampleCount(f.sampleCount()).addAllMetrics(metrics(f.metrics()))));
        return b.build();
    }

    static ResultHeader resultHeader(ResultBegin b, long maxBytes, int chunkBytes, AcceptedCodecs codecs) {
        if (b.getTask().isBlank()) {
            throw FederationException.invalid("ResultBegin.task must not be blank");
        }
        if (b.getSampleCount() < 0) {
            throw FederationException.invalid("ResultBegin.sample_count must be >= 0, found " + b.getSampleCount());
        }
        return new ResultHeader(b.getRound(), b.getTask(), b.getSampleCount(),
                metrics(b.getMetricsList(), "ResultBegin"),
                specs(b.getTensorsList(), maxBytes, chunkBytes, "ResultBegin", codecs), forwarded(b));
    }

    /** The forwarded results of an intermediate aggregator's result, each origin a path of valid names. */
    private static List<ForwardedMetrics> forwarded(ResultBegin b) {
        if (b.getForwardedCount() > ForwardedMetrics.MAX_PER_RESULT) {
            throw FederationException.invalid("ResultBegin.forwarded holds " + b.getForwardedCount()
                    + " results, more than " + ForwardedMetrics.MAX_PER_RESULT);
        }
        List<ForwardedMetrics> out = new ArrayList<>(b.getForwardedCount());
        for (int i = 0; i < b.getForwardedCount(); i++) {
            org.fl4j.protocol.v1.ForwardedMetrics f = b.getForwarded(i);
            String what = "ResultBegin.forwarded[" + i + "]";
            for (String name : f.getOrigin().split("/", -1)) {
                if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                    throw FederationException.invalid(what + ".origin must be a participant's name or a path of"
                            + " names joined by '/', found '" + shorten(f.getOrigin()) + "'");
                }
            }
            if (f.getSampleCount() < 0) {
                throw FederationException.invalid(what + ".sample_count must be >= 0, found " + f.getSampleCount());
            }
            out.add(new ForwardedMetrics(f.getOrigin(), f.getSampleCount(), metrics(f.getMetricsList(), what)));
        }
        return out;
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    static TasksReply.Builder tasksReply(TasksOutcome outcome) {
        TasksReply.Builder r = TasksReply.newBuilder();
        if (outcome instanceof TasksOutcome.Assignment a) {
            r.setAssignment(Assignment.newBuilder().setRound(a.round()).addAllTasks(a.tasks())
                    .addAllDone(a.tasks().stream().filter(a.done()::contains).toList())
                    .addAllFailed(a.tasks().stream().filter(a.failed()::contains).toList()));
        } else if (outcome instanceof TasksOutcome.Idle i) {
            r.setIdle(Idle.newBuilder().setRound(i.round()).setRetryAfterMillis(i.retryAfter().toMillis()));
        } else if (outcome instanceof TasksOutcome.Quit q) {
            r.setQuit(Quit.newBuilder().setReason(q.reason()));
        }
        return r;
    }

    static TasksOutcome tasksOutcome(TasksReply reply) {
        return switch (reply.getOutcomeCase()) {
            case ASSIGNMENT -> {
                Assignment a = reply.getAssignment();
                LinkedHashSet<String> tasks = new LinkedHashSet<>(a.getTasksList());
                if (tasks.size() != a.getTasksCount()) {
                    throw FederationException.invalid("TasksReply.assignment.tasks lists a task twice: " + a.getTasksList());
                }
                subset(a.getDoneList(), tasks, "done", a.getTasksList());
                subset(a.getFailedList(), tasks, "failed", a.getTasksList());
                for (String f : a.getFailedList()) {
                    if (a.getDoneList().contains(f)) {
                        throw FederationException.invalid("TasksReply.assignment lists '" + f
                                + "' both as done and as failed");
                    }
                }
                yield new TasksOutcome.Assignment(a.getRound(), a.getTasksList(), new LinkedHashSet<>(a.getDoneList()),
                        new LinkedHashSet<>(a.getFailedList()));
            }
            case IDLE -> new TasksOutcome.Idle(reply.getIdle().getRound(),
                    Duration.ofMillis(Math.min(reply.getIdle().getRetryAfterMillis(), 3_600_000L)));
            case QUIT -> new TasksOutcome.Quit(reply.getQuit().getReason());
            case OUTCOME_NOT_SET -> throw FederationException.invalid("TasksReply has no outcome");
        };
    }

    private static void subset(List<String> listed, Set<String> tasks, String field, List<String> all) {
        for (String t : listed) {
            if (!tasks.contains(t)) {
                throw FederationException.invalid("TasksReply.assignment." + field + " names '" + t
                        + "', which is not one of the tasks " + all);
            }
        }
    }
}
