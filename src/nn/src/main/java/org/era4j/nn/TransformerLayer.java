package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.random.RandomGenerator;
import org.era4j.autograd.Add;
import org.era4j.autograd.Tensor;

/**
 * One pre-norm Transformer encoder layer on (N, T, width):
 * {@code x = x + MHA(LN(x))}, {@code x = x + FFN(LN(x))}. Pre-norm keeps deep stacks (and a layer
 * shared across depth) stable without warm-up.
 */
public final class TransformerLayer extends Module {

    private final LayerNorm norm1;
    private final MultiHeadAttention attention;
    private final LayerNorm norm2;
    private final FeedForward feedForward;

    public TransformerLayer(int width, int heads, int ffnHidden, ActivationFactory activation, RandomGenerator random) {
        this.norm1 = registerChild("norm1", new LayerNorm(width, false, LearnableAxes.PER_CHANNEL, 1e-5f));
        this.attention = registerChild("attention", new MultiHeadAttention(width, heads, random));
        this.norm2 = registerChild("norm2", new LayerNorm(width, false, LearnableAxes.PER_CHANNEL, 1e-5f));
        this.feedForward = registerChild("ffn", new FeedForward(width, ffnHidden, activation, random));
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor x) {
        Tensor h = Add.apply(x, attention.forward(context, norm1.forward(context, x)));
        return Add.apply(h, feedForward.forward(context, norm2.forward(context, h)));
    }
}
