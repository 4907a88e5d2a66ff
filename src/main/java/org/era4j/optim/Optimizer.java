package org.era4j.optim;

import java.util.List;
import org.era4j.autograd.Tensor;

/**
 * Updates parameters in place from their accumulated gradients. State (momentum, moments) is
 * allocated once per parameter at construction, so a step allocates nothing. Parameters whose
 * gradient is null (not reached by backward) are skipped.
 */
public abstract class Optimizer {

    protected final List<Tensor> parameters;
    private double learningRate;

    protected Optimizer(List<Tensor> parameters, double learningRate) {
        if (parameters == null) {
            throw new IllegalArgumentException("parameter list is null");
        }
        this.parameters = List.copyOf(parameters);
        setLearningRate(learningRate);
    }

    /** One update of every parameter. */
    public abstract void step();

    public final void zeroGrad() {
        parameters.forEach(Tensor::zeroGrad);
    }

    public final double learningRate() {
        return learningRate;
    }

    /** Set by a {@link LearningRateSchedule} each step or epoch. */
    public final void setLearningRate(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + value);
        }
        this.learningRate = value;
    }

    public final List<Tensor> parameters() {
        return parameters;
    }
}
