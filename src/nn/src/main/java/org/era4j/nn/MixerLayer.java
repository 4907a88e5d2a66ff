package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.random.RandomGenerator;
import org.era4j.autograd.Add;
import org.era4j.autograd.Permute;
import org.era4j.autograd.Tensor;

/**
 * One MLP-Mixer layer on (N, T, width): token mixing
 * {@code x = x + (MLP_tokens(LN(x)^T))^T} (an MLP across the T axis with {@code tokenHidden}
 * units), then channel mixing {@code x = x + MLP_channels(LN(x))} with {@code channelHidden} units.
 */
public final class MixerLayer extends Module {

    private final LayerNorm norm1;
    private final FeedForward tokenMixing;
    private final LayerNorm norm2;
    private final FeedForward channelMixing;

    public MixerLayer(int tokens, int width, int tokenHidden, int channelHidden, ActivationFactory activation,
                      RandomGenerator random) {
        this.norm1 = registerChild("norm1", new LayerNorm(width, false, LearnableAxes.PER_CHANNEL, 1e-5f));
        this.tokenMixing = registerChild("tokens", new FeedForward(tokens, tokenHidden, activation, random));
        this.norm2 = registerChild("norm2", new LayerNorm(width, false, LearnableAxes.PER_CHANNEL, 1e-5f));
        this.channelMixing = registerChild("channels", new FeedForward(width, channelHidden, activation, random));
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor x) {
        Tensor mixed = tokenMixing.forward(context, Permute.apply(norm1.forward(context, x), 0, 2, 1));
        Tensor h = Add.apply(x, Permute.apply(mixed, 0, 2, 1));
        return Add.apply(h, channelMixing.forward(context, norm2.forward(context, h)));
    }
}
