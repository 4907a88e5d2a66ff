package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.random.RandomGenerator;
import org.era4j.autograd.Add;
import org.era4j.autograd.Padding;
import org.era4j.autograd.Tensor;
import org.era4j.kernel.ParameterSharing.ChannelLayout;

/**
 * ResNet basic block: conv3x3 (stride s) -> norm -> act -> conv3x3 -> norm, plus the shortcut
 * (identity, or conv1x1 stride s -> norm when the shape changes), then act.
 */
public final class ResidualBlock extends Module {

    private final Conv conv1;
    private final Module norm1;
    private final Module act1;
    private final Conv conv2;
    private final Module norm2;
    private final Conv projection;
    private final Module projectionNorm;
    private final Module act2;

    public ResidualBlock(int in, int out, int stride, NormKind norm, LearnableAxes axes, ActivationFactory activation,
                         RandomGenerator random) {
        this.conv1 = registerChild("conv1", new Conv(in, out, 3, stride, Padding.SAME, false, random));
        this.norm1 = optional("norm1", norm.create(out, true, axes));
        this.act1 = registerChild("act1", activation.create(out, ChannelLayout.CHANNELS_FIRST));
        this.conv2 = registerChild("conv2", new Conv(out, out, 3, 1, Padding.SAME, false, random));
        this.norm2 = optional("norm2", norm.create(out, true, axes));
        boolean project = stride != 1 || in != out;
        this.projection = project ? registerChild("projection", new Conv(in, out, 1, stride, Padding.SAME, false, random)) : null;
        this.projectionNorm = project ? optional("projection_norm", norm.create(out, true, axes)) : null;
        this.act2 = registerChild("act2", activation.create(out, ChannelLayout.CHANNELS_FIRST));
    }

    private Module optional(String name, Module m) {
        return m == null ? null : registerChild(name, m);
    }

    private static Tensor apply(ExecutionContext context, Module m, Tensor x) {
        return m == null ? x : m.forward(context, x);
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor x) {
        Tensor h = apply(context, norm1, conv1.forward(context, x));
        h = apply(context, norm2, conv2.forward(context, act1.forward(context, h)));
        Tensor shortcut = projection == null ? x : apply(context, projectionNorm, projection.forward(context, x));
        return act2.forward(context, Add.apply(h, shortcut));
    }
}
