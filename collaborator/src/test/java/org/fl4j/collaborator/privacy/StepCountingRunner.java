package org.fl4j.collaborator.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.collaborator.spi.DpSgdSteps;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.protocol.model.ModelWeights;

/**
 * A runner with DP-SGD's schedule but no network, for the accounting tests: {@code epochs * round(N / batch)}
 * steps at sampling rate {@code batch / N} (the DL4J runner's rule), and a record of what it was asked.
 */
final class StepCountingRunner implements TaskRunner {

    final int records;
    DpSgdConfig config;
    int trainings;

    StepCountingRunner(int records) {
        this.records = records;
    }

    @Override
    public void useDpSgd(DpSgdConfig c) {
        this.config = c;
    }

    @Override
    public DpSgdSteps dpSgdSteps(TaskContext context) {
        int batch = context.kwargs().getInt("batch_size", 32);
        int epochs = context.kwargs().getInt("epochs", 1);
        return new DpSgdSteps(Math.min(1.0, (double) batch / records),
                epochs * Math.max(1, Math.round((double) records / batch)));
    }

    @Override
    public TaskResult train(TaskContext context) {
        if (config == null) {
            throw new IllegalStateException("trained without DP-SGD");
        }
        trainings++;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", 0.5);
        return new TaskResult(m, records);
    }

    @Override
    public TaskResult validate(TaskContext context) {
        return new TaskResult(Map.of("accuracy", 0.9), 10);
    }

    @Override
    public ModelWeights weights() {
        return new ModelWeights(java.util.List.of());
    }

    @Override
    public void setWeights(ModelWeights weights) {
    }

    @Override
    public long trainingSampleCount() {
        return records;
    }

    @Override
    public long validationSampleCount() {
        return 10;
    }
}
