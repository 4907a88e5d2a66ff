package org.era4j.nn;

import java.util.random.RandomGenerator;
import org.era4j.autograd.DepthwiseConv2d;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Padding;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;

/** Depthwise 2-D convolution layer on NCHW input: one k x k filter per channel (weight (C, 1, k, k), Glorot-uniform), bias zeros. */
public final class DepthwiseConv extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final int stride;
    private final Padding padding;

    public DepthwiseConv(int channels, int kernel, int stride, Padding padding, boolean bias, RandomGenerator random) {
        if (channels < 1 || kernel < 1 || stride < 1 || padding == null) {
            throw new IllegalArgumentException("depthwise conv: bad configuration channels=" + channels + " kernel=" + kernel
                    + " stride=" + stride + " padding=" + padding);
        }
        int fan = kernel * kernel;
        this.weight = registerParameter("weight", ParameterRole.WEIGHT, Init.glorotUniform(random, fan, fan, channels * fan),
                channels, 1, kernel, kernel);
        this.bias = bias ? registerParameter("bias", ParameterRole.BIAS, new float[channels], channels) : null;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        return DepthwiseConv2d.apply(context.gemm(), input, weight, bias, stride, padding);
    }

    @Override
    protected String describe() {
        return "DepthwiseConv " + weight.dim(0) + " " + weight.dim(2) + "x" + weight.dim(3) + " stride " + stride + " " + padding;
    }
}
