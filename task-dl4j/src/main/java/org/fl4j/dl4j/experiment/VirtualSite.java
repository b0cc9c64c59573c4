package org.fl4j.dl4j.experiment;

import java.util.Objects;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.LocalData;
import org.fl4j.collaborator.spi.DpSgdConfig;
import org.fl4j.collaborator.spi.DpSgdSteps;
import org.fl4j.collaborator.spi.TaskContext;
import org.fl4j.collaborator.spi.TaskResult;
import org.fl4j.collaborator.spi.TaskRunner;
import org.fl4j.dl4j.Dl4jTaskRunner;
import org.fl4j.dl4j.ModelSpec;
import org.fl4j.plan.Settings;
import org.fl4j.protocol.model.ModelWeights;

/**
 * One site of a simulation: its name, its shard of the data and nothing else between rounds. When a round
 * starts ({@link #setWeights} with the global model) it borrows a model from the {@link ModelPool}, loads the
 * global weights into it and runs the round's tasks on it through a {@link Dl4jTaskRunner} over its shard;
 * {@link #roundFinished} gives the model back. The DL4J runner resets the optimizer state when it takes the
 * model, so a site keeps no optimizer state of its own (plans that keep it locally are refused by
 * {@link Simulation}). Under record-level privacy ({@link #useDpSgd}) each borrowed model's runner trains with
 * DP-SGD at the site's settings, and the site's DP-SGD steps are computed from its shard without a model.
 * Used from its collaborator's thread only.
 */
final class VirtualSite implements TaskRunner {

    private final String name;
    private final LocalData shard;
    private final ModelPool<ModelSpec> pool;
    private final Settings settings;
    private final long seed;
    private ModelSpec model;
    private Dl4jTaskRunner runner;
    private DpSgdConfig dpSgd;

    String name() {
        return name;
    }

    VirtualSite(String name, LocalData shard, ModelPool<ModelSpec> pool, Settings settings, long seed) {
        this.name = name;
        this.shard = shard;
        this.pool = pool;
        this.settings = settings;
        this.seed = seed;
    }

    @Override
    public void setWeights(ModelWeights weights) {
        if (runner == null) {
            borrow();
        }
        runner.setWeights(weights);
    }

    private void borrow() {
        try {
            model = pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while waiting for a pooled model", e);
        }
        try {
            runner = new Dl4jTaskRunner(name, model, shard, settings, seed);
            if (dpSgd != null) {
                runner.useDpSgd(dpSgd);
            }
        } catch (DataException e) {
            giveBack();
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (RuntimeException e) {
            giveBack();
            throw e;
        }
    }

    private void giveBack() {
        runner = null;
        pool.giveBack(model);
        model = null;
    }

    private Dl4jTaskRunner lent() {
        if (runner == null) {
            throw new IllegalStateException(name + ": a task ran before the round's global model was loaded");
        }
        return runner;
    }

    /** Every model this site borrows from now on trains with DP-SGD at {@code config}. */
    @Override
    public void useDpSgd(DpSgdConfig config) {
        this.dpSgd = Objects.requireNonNull(config, "config");
    }

    @Override
    public DpSgdSteps dpSgdSteps(TaskContext context) {
        return Dl4jTaskRunner.dpSgdSteps(shard.train().size(), settings, context);
    }

    @Override
    public ModelWeights weights() {
        return lent().weights();
    }

    @Override
    public TaskResult train(TaskContext context) {
        return lent().train(context);
    }

    @Override
    public TaskResult validate(TaskContext context) {
        return lent().validate(context);
    }

    @Override
    public long trainingSampleCount() {
        return shard.train().size();
    }

    @Override
    public long validationSampleCount() {
        return shard.validation().size();
    }

    @Override
    public void roundFinished() {
        if (model != null) {
            giveBack();
        }
    }

    @Override
    public void close() {
        roundFinished();
    }
}
