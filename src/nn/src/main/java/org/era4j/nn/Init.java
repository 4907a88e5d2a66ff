package org.era4j.nn;

import java.util.random.RandomGenerator;

/** Seeded weight initialisers (Keras defaults, which the paper's models use). */
public final class Init {

    private Init() {
    }

    /** Glorot (Xavier) uniform: {@code U(-l, l)}, {@code l = sqrt(6 / (fanIn + fanOut))}. */
    public static float[] glorotUniform(RandomGenerator random, int fanIn, int fanOut, int count) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return w;
    }

    /** He (Kaiming) normal: {@code N(0, 2 / fanIn)}, for ReLU residual networks. */
    public static float[] heNormal(RandomGenerator random, int fanIn, int count) {
        double std = Math.sqrt(2.0 / fanIn);
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        return w;
    }

    /** {@code count} copies of {@code value}. */
    public static float[] constant(float value, int count) {
        float[] w = new float[count];
        java.util.Arrays.fill(w, value);
        return w;
    }
}
