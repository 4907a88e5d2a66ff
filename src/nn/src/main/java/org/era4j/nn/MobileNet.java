package org.era4j.nn;

import java.util.SplittableRandom;
import org.era4j.autograd.Padding;
import org.era4j.kernel.ParameterSharing.ChannelLayout;

/**
 * MobileNet v1 (Howard et al., 2017) for small images (32x32x3 CIFAR-10, 28x28x1 Fashion-MNIST):
 * a 3x3 convolution of 32 channels (stride 1 for small images), thirteen depthwise-separable
 * blocks (depthwise 3x3 -> norm -> activation -> pointwise 1x1 -> norm -> activation) with
 * widths 64, 128, 128, 256, 256, 512 x 6, 1024, 1024 and strides 2 where the width doubles, then
 * global average pooling and a dense classifier. Every channel count is scaled by
 * {@code widthMultiplier} (the paper's alpha). Every activation slot takes any
 * {@link ActivationFactory}: the original's ReLU6 or an ERA.
 */
public final class MobileNet {

    /** (output channels, stride) of the thirteen depthwise-separable blocks. */
    static final int[][] BLOCKS = {
        {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
        {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1},
    };
    static final int STEM = 32;

    private MobileNet() {
    }

    public static Sequential v1(int[] inputShape, int classes, double widthMultiplier, NormKind norm, LearnableAxes axes,
                                ActivationFactory activation, long seed) {
        Models.features(inputShape);
        Models.checkClasses(classes);
        if (inputShape.length != 3 || !(widthMultiplier > 0) || widthMultiplier > 16) {
            throw new IllegalArgumentException("MobileNet needs (C, H, W) input and a width multiplier in (0, 16]");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Sequential model = new Sequential();
        int in = scaled(STEM, widthMultiplier);
        model.add("stem", new Conv(inputShape[0], in, 3, 1, Padding.SAME, norm == NormKind.NONE, random));
        addNorm(model, "stem_norm", norm, in, axes);
        model.add("stem_act", activation.create(in, ChannelLayout.CHANNELS_FIRST));
        for (int b = 0; b < BLOCKS.length; b++) {
            int out = scaled(BLOCKS[b][0], widthMultiplier);
            int stride = BLOCKS[b][1];
            model.add("dw" + b, new DepthwiseConv(in, 3, stride, Padding.SAME, norm == NormKind.NONE, random));
            addNorm(model, "dw" + b + "_norm", norm, in, axes);
            model.add("dw" + b + "_act", activation.create(in, ChannelLayout.CHANNELS_FIRST));
            model.add("pw" + b, new Conv(in, out, 1, 1, Padding.VALID, norm == NormKind.NONE, random));
            addNorm(model, "pw" + b + "_norm", norm, out, axes);
            model.add("pw" + b + "_act", activation.create(out, ChannelLayout.CHANNELS_FIRST));
            in = out;
        }
        model.add("pool", new GlobalAveragePool());
        model.add("logits", new Dense(in, classes, true, random));
        return model;
    }

    private static void addNorm(Sequential model, String name, NormKind norm, int channels, LearnableAxes axes) {
        Module n = norm.create(channels, true, axes);
        if (n != null) {
            model.add(name, n);
        }
    }

    static int scaled(int channels, double multiplier) {
        return Math.max(1, (int) Math.round(channels * multiplier));
    }
}
