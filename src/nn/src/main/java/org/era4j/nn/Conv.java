package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.random.RandomGenerator;
import org.era4j.autograd.Conv2d;
import org.era4j.autograd.Padding;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;

/** 2-D convolution layer on NCHW input: weight (O, C, k, k) Glorot-uniform, bias zeros. */
public final class Conv extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final int stride;
    private final Padding padding;

    public Conv(int in, int out, int kernel, int stride, Padding padding, boolean bias, RandomGenerator random) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding == null) {
            throw new IllegalArgumentException("conv: bad configuration in=" + in + " out=" + out + " kernel="
                    + kernel + " stride=" + stride + " padding=" + padding);
        }
        int fan = kernel * kernel;
        this.weight = registerParameter("weight", ParameterRole.WEIGHT,
                Init.glorotUniform(random, in * fan, out * fan, out * in * fan), out, in, kernel, kernel);
        this.bias = bias ? registerParameter("bias", ParameterRole.BIAS, new float[out], out) : null;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        return Conv2d.apply(context.gemm(), input, weight, bias, stride, padding);
    }

    @Override
    protected String describe() {
        return "Conv " + weight.dim(1) + " -> " + weight.dim(0) + " " + weight.dim(2) + "x" + weight.dim(3)
                + " stride " + stride + " " + padding;
    }

    /** The stride of the convolution (both spatial axes). */
    public int stride() {
        return stride;
    }

    /** The padding mode. */
    public Padding padding() {
        return padding;
    }
}
