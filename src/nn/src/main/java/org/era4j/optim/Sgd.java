package org.era4j.optim;

import org.era4j.autograd.ExecutionContext;
import java.util.List;
import org.era4j.autograd.Tensor;

/**
 * Stochastic gradient descent with momentum (PyTorch's form): {@code v = mu v + g}, then
 * {@code w -= lr v}, or with Nesterov {@code w -= lr (g + mu v)}. {@code mu = 0} is plain SGD.
 */
public final class Sgd extends Optimizer {

    private final double momentum;
    private final boolean nesterov;
    private final float[][] velocity;

    public Sgd(List<Tensor> parameters, double learningRate, double momentum, boolean nesterov) {
        super(parameters, learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.velocity = new float[this.parameters.size()][];
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = new float[this.parameters.get(i).size()];
        }
    }

    @Override
    public void step() {
        step(null);
    }

    @Override
    public void step(ExecutionContext context) {
        float lr = (float) learningRate();
        float mu = (float) momentum;
        forEachSlice(context, (p, from, to) -> {
            Tensor t = parameters.get(p);
            float[] g = t.grad();
            if (g == null) {
                return;
            }
            float[] w = t.data();
            float[] v = velocity[p];
            for (int i = from; i < to; i++) {
                v[i] = mu * v[i] + g[i];
                w[i] -= lr * (nesterov ? g[i] + mu * v[i] : v[i]);
            }
        });
    }

    @Override
    public java.util.Map<String, float[]> state() {
        java.util.Map<String, float[]> state = new java.util.LinkedHashMap<>();
        for (int p = 0; p < velocity.length; p++) {
            state.put("velocity." + p, velocity[p]);
        }
        return state;
    }
}
