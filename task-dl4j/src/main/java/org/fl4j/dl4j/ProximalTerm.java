package org.fl4j.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FedProx's proximal term {@code mu/2 * ||w - w_global||^2}: after each gradient computation and before the
 * updater runs, adds its gradient {@code mu * (w - w_global)} to the network's gradient. DL4J's gradients
 * are sums over the minibatch at that point (the updater divides by the minibatch size), so the term is
 * added once per sample.
 */
final class ProximalTerm extends BaseTrainingListener {

    private final double mu;
    private final INDArray global;

    /** {@code global}: a copy of the flat parameters at the start of local training. */
    ProximalTerm(double mu, INDArray global) {
        this.mu = mu;
        this.global = global;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray gradient = model.gradient().gradient();
        INDArray params = model.params();
        double scale = mu * Math.max(1, model.batchSize());
        gradient.addi(params.sub(global).muli(scale));
    }
}
