package org.era4j.optim;

import org.era4j.autograd.ExecutionContext;
import java.util.List;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;

/**
 * L2 weight regularisation {@code lambda * sum w^2} on every non-rational parameter (the paper
 * regularises every layer except the rational activations): {@link #addGradient} adds
 * {@code 2 lambda w} to the gradients, {@link #penalty} gives the loss term for reporting.
 */
public final class L2Regularization {

    private final double lambda;

    public L2Regularization(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("L2 coefficient must be finite and >= 0, got " + lambda);
        }
        this.lambda = lambda;
    }

    /** True for parameters L2 applies to: everything but {@link ParameterRole#RATIONAL}. */
    public static boolean regularised(Tensor parameter) {
        return parameter.role() != ParameterRole.RATIONAL;
    }

    /** {@code grad += 2 lambda w} for every regularised parameter that has a gradient. */
    public void addGradient(List<Tensor> parameters) {
        addGradient(parameters, null);
    }

    /** {@link #addGradient(List)} split across the context's workers (same result bit for bit). */
    public void addGradient(List<Tensor> parameters, ExecutionContext context) {
        float scale = (float) (2 * lambda);
        new ParameterSlices(parameters).forEach(context, (p, from, to) -> {
            Tensor t = parameters.get(p);
            if (!regularised(t) || t.grad() == null) {
                return;
            }
            float[] w = t.data();
            float[] g = t.grad();
            for (int i = from; i < to; i++) {
                g[i] += scale * w[i];
            }
        });
    }

    /** {@code lambda * sum w^2} over regularised parameters (float64 sum). */
    public double penalty(List<Tensor> parameters) {
        double sum = 0;
        for (Tensor t : parameters) {
            if (regularised(t)) {
                for (float v : t.data()) {
                    sum += (double) v * v;
                }
            }
        }
        return lambda * sum;
    }
}
