package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.Mul;
import org.era4j.autograd.Sum;
import org.era4j.autograd.Tensor;

/** (N, T, width) to (N, width): the mean over tokens (global average pooling for token models). */
public final class TokenMean extends Module {

    @Override
    public Tensor forward(ExecutionContext context, Tensor x) {
        return Mul.apply(Sum.axis(x, 1, false), Tensor.scalar(1f / x.dim(1)));
    }
}
