package org.era4j.nn;

import java.util.SplittableRandom;
import org.era4j.autograd.Padding;
import org.era4j.kernel.ParameterSharing.ChannelLayout;

/**
 * Builders for the paper's benchmark networks. Every builder takes the input shape
 * (C, H, W), the class count, the normalisation and its learnable axes, the activation for every
 * hidden slot, and a seed (same seed, same weights).
 */
public final class Models {

    /** The FCN's hidden widths. */
    public static final int[] FCN_HIDDEN = {512, 256, 128};
    /** The CNN's convolution channels and dense width. */
    public static final int CNN_CHANNELS = 64;
    public static final int CNN_DENSE = 128;

    private Models() {
    }

    /**
     * FCN: flatten, then dense 512, 256, 128 each followed by norm and activation, then dense
     * {@code classes} (logits). About 1.74M parameters on 3x32x32 input.
     */
    public static Sequential fcn(int[] inputShape, int classes, NormKind norm, LearnableAxes axes,
                                 ActivationFactory activation, long seed) {
        return fcn(inputShape, classes, FCN_HIDDEN, norm, axes, activation, seed);
    }

    /** FCN with chosen hidden widths (capacity sweeps, small tests). */
    public static Sequential fcn(int[] inputShape, int classes, int[] hidden, NormKind norm, LearnableAxes axes,
                                 ActivationFactory activation, long seed) {
        int features = features(inputShape);
        checkClasses(classes);
        SplittableRandom random = new SplittableRandom(seed);
        Sequential model = new Sequential();
        model.add("flatten", new Flatten());
        int in = features;
        for (int i = 0; i < hidden.length; i++) {
            model.add("dense" + i, new Dense(in, hidden[i], true, random));
            Module n = norm.create(hidden[i], false, axes);
            if (n != null) {
                model.add("norm" + i, n);
            }
            model.add("act" + i, activation.create(hidden[i], ChannelLayout.CHANNELS_LAST));
            in = hidden[i];
        }
        model.add("logits", new Dense(in, classes, true, random));
        return model;
    }

    /**
     * CNN: conv3x3 64 (same) -> norm -> act -> conv3x3 64 (same) -> norm -> act -> maxpool 2x2 ->
     * flatten -> dense 128 -> norm -> act -> dense {@code classes}. About 2.14M parameters on
     * 3x32x32 input.
     */
    public static Sequential cnn(int[] inputShape, int classes, NormKind norm, LearnableAxes axes,
                                 ActivationFactory activation, long seed) {
        features(inputShape);
        checkClasses(classes);
        if (inputShape.length != 3 || inputShape[1] < 2 || inputShape[2] < 2) {
            throw new IllegalArgumentException("CNN input must be (C, H, W) with H, W >= 2");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Sequential model = new Sequential();
        int channels = inputShape[0];
        for (int i = 0; i < 2; i++) {
            model.add("conv" + i, new Conv(channels, CNN_CHANNELS, 3, 1, Padding.SAME, true, random));
            Module n = norm.create(CNN_CHANNELS, true, axes);
            if (n != null) {
                model.add("norm" + i, n);
            }
            model.add("act" + i, activation.create(CNN_CHANNELS, ChannelLayout.CHANNELS_FIRST));
            channels = CNN_CHANNELS;
        }
        model.add("pool", new Pool(Pool.Kind.MAX, 2, 2, Padding.VALID));
        model.add("flatten", new Flatten());
        int flat = CNN_CHANNELS * (inputShape[1] / 2) * (inputShape[2] / 2);
        model.add("dense", new Dense(flat, CNN_DENSE, true, random));
        Module n = norm.create(CNN_DENSE, false, axes);
        if (n != null) {
            model.add("norm2", n);
        }
        model.add("act2", activation.create(CNN_DENSE, ChannelLayout.CHANNELS_LAST));
        model.add("logits", new Dense(CNN_DENSE, classes, true, random));
        return model;
    }

    static int features(int[] inputShape) {
        if (inputShape == null || inputShape.length == 0) {
            throw new IllegalArgumentException("input shape is empty");
        }
        long size = 1;
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException("input dimensions must be >= 1, got " + java.util.Arrays.toString(inputShape));
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input too large: " + java.util.Arrays.toString(inputShape));
        }
        return (int) size;
    }

    static void checkClasses(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
    }
}
