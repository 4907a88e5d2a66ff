package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.AvgPool2d;
import org.era4j.autograd.Padding;
import org.era4j.autograd.Reshape;
import org.era4j.autograd.Tensor;

/** (N, C, H, W) to (N, C): the mean of each feature map (square maps). */
public final class GlobalAveragePool extends Module {

    @Override
    public Tensor forward(ExecutionContext context, Tensor x) {
        if (x.rank() != 4 || x.dim(2) != x.dim(3)) {
            throw new IllegalArgumentException("global average pooling needs square NCHW maps, got " + x);
        }
        return Reshape.apply(AvgPool2d.apply(x, x.dim(2), x.dim(2), Padding.VALID), x.dim(0), x.dim(1));
    }
}
