package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.random.RandomGenerator;
import org.era4j.autograd.Linear;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;

/** Fully connected layer {@code y = x W^T + b}, W (out, in) Glorot-uniform, b zeros; input (..., in). */
public final class Dense extends Module {

    private final Tensor weight;
    private final Tensor bias;

    public Dense(int in, int out, boolean bias, RandomGenerator random) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("dense sizes must be >= 1, got " + in + " -> " + out);
        }
        this.weight = registerParameter("weight", ParameterRole.WEIGHT, Init.glorotUniform(random, in, out, in * out), out, in);
        this.bias = bias ? registerParameter("bias", ParameterRole.BIAS, new float[out], out) : null;
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        return Linear.apply(context.gemm(), input, weight, bias);
    }

    @Override
    protected String describe() {
        return "Dense " + weight.dim(1) + " -> " + weight.dim(0);
    }
}
