package org.era4j.nn;

import java.util.SplittableRandom;
import org.era4j.autograd.Padding;
import org.era4j.kernel.ParameterSharing.ChannelLayout;

/**
 * Builders for the paper's larger networks on images: a lightweight ResNet-18, a Transformer
 * encoder and an MLP-Mixer over image patches. Every activation slot takes any
 * {@link ActivationFactory}; same seed, same weights.
 */
public final class DeepModels {

    private DeepModels() {
    }

    /**
     * Lightweight ResNet-18: conv3x3 stem of {@code width} channels -> norm -> act, four stages of two
     * basic blocks with widths w, 2w, 4w, 8w (strides 1, 2, 2, 2), global average pooling, dense
     * {@code classes}. {@code width = 64} is the standard ResNet-18 width; smaller widths give the
     * lightweight variant.
     */
    public static Sequential resnet18(int[] inputShape, int classes, int width, NormKind norm, LearnableAxes axes,
                                      ActivationFactory activation, long seed) {
        Models.features(inputShape);
        Models.checkClasses(classes);
        if (inputShape.length != 3 || width < 1) {
            throw new IllegalArgumentException("ResNet-18 needs (C, H, W) input and width >= 1");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Sequential model = new Sequential();
        model.add("stem", new Conv(inputShape[0], width, 3, 1, Padding.SAME, norm == NormKind.NONE, random));
        Module n = norm.create(width, true, axes);
        if (n != null) {
            model.add("stem_norm", n);
        }
        model.add("stem_act", activation.create(width, ChannelLayout.CHANNELS_FIRST));
        int in = width;
        for (int stage = 0; stage < 4; stage++) {
            int out = width << stage;
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                model.add("stage" + stage + "_" + block, new ResidualBlock(in, out, stride, norm, axes, activation, random));
                in = out;
            }
        }
        model.add("pool", new GlobalAveragePool());
        model.add("logits", new Dense(in, classes, true, random));
        return model;
    }

    /**
     * Vision Transformer encoder: patch embedding to {@code width}, {@code depth} pre-norm encoder
     * layers ({@code heads} heads, FFN of {@code ffnHidden}; one layer reused across depth when
     * {@code shared}), final layer norm, mean over tokens, dense {@code classes}.
     */
    public static Sequential transformer(int[] inputShape, int classes, int patch, int width, int heads, int ffnHidden,
                                         int depth, boolean shared, ActivationFactory activation, long seed) {
        Models.checkClasses(classes);
        SplittableRandom random = new SplittableRandom(seed);
        Sequential model = new Sequential();
        model.add("embed", new PatchEmbedding(inputShape, patch, width, random));
        model.add("encoder", new Repeated(depth, shared,
                i -> new TransformerLayer(width, heads, ffnHidden, activation, random)));
        model.add("norm", new LayerNorm(width, false, LearnableAxes.PER_CHANNEL, 1e-5f));
        model.add("pool", new TokenMean());
        model.add("logits", new Dense(width, classes, true, random));
        return model;
    }

    /**
     * MLP-Mixer: patch embedding to {@code width}, {@code depth} mixer layers (token MLP of
     * {@code tokenHidden}, channel MLP of {@code channelHidden}; one layer reused when {@code shared}),
     * final layer norm, mean over tokens, dense {@code classes}.
     */
    public static Sequential mixer(int[] inputShape, int classes, int patch, int width, int tokenHidden,
                                   int channelHidden, int depth, boolean shared, ActivationFactory activation, long seed) {
        Models.checkClasses(classes);
        SplittableRandom random = new SplittableRandom(seed);
        Sequential model = new Sequential();
        PatchEmbedding embed = new PatchEmbedding(inputShape, patch, width, random);
        model.add("embed", embed);
        int tokens = embed.tokens();
        model.add("mixer", new Repeated(depth, shared,
                i -> new MixerLayer(tokens, width, tokenHidden, channelHidden, activation, random)));
        model.add("norm", new LayerNorm(width, false, LearnableAxes.PER_CHANNEL, 1e-5f));
        model.add("pool", new TokenMean());
        model.add("logits", new Dense(width, classes, true, random));
        return model;
    }
}
