package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The instance-norm passes: vector loops against their scalar twins bit for bit (edge values
 * included), the fused ReLU against {@link ReluKernel} on the unfused values bit for bit, and each
 * pass against its float64 definition to within a few float32 roundings.
 */
class InstanceNormKernelTest {

    private static final float[] SPECIALS = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1e-39f, -1e-39f, 3e38f, -3e38f};

    @Property(tries = 60)
    void vectorPassesMatchScalarTwinsAndTheUnfusedRelu(@ForAll @IntRange(min = 0, max = 130) int n,
                                                       @ForAll @IntRange(min = 0, max = 5) int offset,
                                                       @ForAll boolean specials, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = offset + n;
        float[] x = gaussian(random, size);
        float[] g = gaussian(random, size);
        if (specials) {
            for (int i = 0; i < size; i += 3) {
                x[i] = SPECIALS[random.nextInt(SPECIALS.length)];
                g[i + 1 < size ? i + 1 : i] = SPECIALS[random.nextInt(SPECIALS.length)];
            }
        }
        float mean = (float) random.nextGaussian();
        float inv = (float) Math.exp(random.nextGaussian());
        float scale = (float) random.nextGaussian();
        float shift = (float) random.nextGaussian();
        int to = offset + n;

        for (boolean rectify : new boolean[] {false, true}) {
            float[] y = new float[size];
            float[] twin = new float[size];
            InstanceNormKernel.normalize(x, offset, y, offset, n, mean, inv, scale, shift, rectify);
            InstanceNormKernel.normalizeScalar(x, offset, twin, offset, 0, n, mean, inv, scale, shift, rectify);
            assertBits(twin, y, "normalize rectify=" + rectify);
            // into another array at another offset
            float[] scratch = new float[n + 3];
            InstanceNormKernel.normalize(x, offset, scratch, 3, n, mean, inv, scale, shift, rectify);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(twin[offset + i]), Float.floatToRawIntBits(scratch[3 + i]),
                        "normalize into a scratch at " + i);
            }
        }
        float[] plain = new float[size];
        InstanceNormKernel.normalizeScalar(x, offset, plain, offset, 0, n, mean, inv, scale, shift, false);
        float[] relu = new float[size];
        ReluKernel.forwardScalar(plain, relu, offset, to);
        float[] fused = new float[size];
        InstanceNormKernel.normalize(x, offset, fused, offset, n, mean, inv, scale, shift, true);
        assertBits(relu, fused, "normalize + ReLU against ReluKernel on the normalised values");

        float[] passed = new float[size];
        ReluKernel.backwardScalar(plain, g, passed, offset, to);
        float[] rectified = new float[size];
        float[] rectifiedTwin = new float[size];
        InstanceNormKernel.rectifiedGradient(g, x, rectified, offset, to, mean, inv, scale, shift);
        InstanceNormKernel.rectifiedGradientScalar(g, x, rectifiedTwin, offset, to, mean, inv, scale, shift);
        assertBits(rectifiedTwin, rectified, "rectifiedGradient twin");
        assertBits(passed, rectified, "rectifiedGradient against ReluKernel.backward into zeros");
        float[] inPlace = g.clone();
        InstanceNormKernel.rectifiedGradient(inPlace, x, inPlace, offset, to, mean, inv, scale, shift);
        for (int i = offset; i < to; i++) {
            assertEquals(Float.floatToRawIntBits(rectified[i]), Float.floatToRawIntBits(inPlace[i]), "in place at " + i);
        }

        float meanG = (float) random.nextGaussian();
        float meanGxhat = (float) random.nextGaussian();
        float gain = scale * inv;
        float[] gx = new float[size];
        float[] gxTwin = new float[size];
        InstanceNormKernel.inputGradient(g, x, gx, offset, to, mean, inv, gain, meanG, meanGxhat);
        InstanceNormKernel.inputGradientScalar(g, x, gxTwin, offset, to, mean, inv, gain, meanG, meanGxhat);
        assertBits(gxTwin, gx, "inputGradient twin");

        if (!specials) {
            for (int i = offset; i < to; i++) {
                double xhat = ((double) x[i] - mean) * inv;
                double y = scale * xhat + shift;
                // (x - mean) rounds, then * inv, * scale and + shift: 4 roundings of terms at most this large
                double bound = 5 * 0x1p-24 * (Math.abs(scale * xhat) + Math.abs(shift) + Math.abs(scale * (double) mean * inv));
                assertEquals(y, plain[i], bound, "normalize at " + i);
                double d = gain * (g[i] - meanG - xhat * meanGxhat);
                double dBound = 6 * 0x1p-24 * Math.abs(gain) * (Math.abs(g[i]) + Math.abs(meanG)
                        + Math.abs(xhat * meanGxhat) + Math.abs((double) mean * inv * meanGxhat));
                assertEquals(d, gxTwin[i], dBound, "inputGradient at " + i);
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
