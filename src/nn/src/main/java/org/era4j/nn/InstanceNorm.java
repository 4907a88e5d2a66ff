package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.InstanceNorm2d;
import org.era4j.autograd.Standardize;
import org.era4j.autograd.Tensor;

/** Instance normalisation of NCHW input: each (sample, channel) plane standardised over H*W. */
public final class InstanceNorm extends NormLayer {

    public InstanceNorm(int channels, LearnableAxes axes, float eps) {
        super(channels, true, axes, eps);
    }

    /** Standardise, scale and shift in one pass per plane, planes across the context's workers. */
    @Override
    protected Tensor fused(ExecutionContext context, Tensor input, Tensor gamma, Tensor beta) {
        return InstanceNorm2d.apply(context.gemm(), input, gamma, beta, eps);
    }

    /** Normalisation and the ReLU after it in one primitive: two fewer passes each way. */
    @Override
    Tensor fusedRectified(ExecutionContext context, Tensor input, Tensor gamma, Tensor beta) {
        return InstanceNorm2d.applyRectified(context.gemm(), input, gamma, beta, eps);
    }

    @Override
    protected Tensor standardize(Tensor input) {
        int plane = input.dim(2) * input.dim(3);
        return Standardize.apply(input, 1, input.dim(0) * channels, plane, eps, null, null);
    }
}
