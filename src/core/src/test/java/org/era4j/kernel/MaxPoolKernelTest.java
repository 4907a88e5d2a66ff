package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The 2x2 max pool: the vector kernel against its scalar twin bit for bit (values and argmax), and
 * the scalar twin against the definition (the first maximum of the window in row-major order, a
 * NaN being the maximum, +0 and -0 equal), on planes drawn fresh per run with many ties, signed
 * zeros, NaNs and infinities, odd sizes, and offsets into larger arrays.
 */
class MaxPoolKernelTest {

    private static final float[] SPECIALS = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 1f, 1f, -1f};

    @Property(tries = 300)
    void vectorKernelMatchesTheScalarTwinAndTheDefinition(@ForAll @IntRange(min = 2, max = 70) int width,
                                                          @ForAll @IntRange(min = 2, max = 9) int height,
                                                          @ForAll @IntRange(min = 0, max = 7) int offset,
                                                          @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[offset + width * height + 3];
        for (int i = 0; i < x.length; i++) {
            int kind = random.nextInt(4);
            x[i] = kind == 0 ? SPECIALS[random.nextInt(SPECIALS.length)]
                    : kind == 1 && i > 0 ? x[i - 1] // a tie with the left neighbour
                    : (float) random.nextGaussian();
        }
        int outHeight = height / 2;
        int outWidth = width / 2;
        int out = random.nextInt(5);
        int outputs = out + outHeight * outWidth;
        float[] y = new float[outputs];
        float[] yScalar = new float[outputs];
        int[] argmax = new int[outputs];
        int[] argmaxScalar = new int[outputs];
        MaxPoolKernel.pool2x2(x, offset, width, outHeight, outWidth, y, argmax, out);
        MaxPoolKernel.pool2x2Scalar(x, offset, width, outHeight, outWidth, yScalar, argmaxScalar, out);
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                int o = out + oy * outWidth + ox;
                String at = VectorSupport.describe() + ", " + width + "x" + height + " output (" + oy + ", " + ox + ")";
                assertEquals(argmaxScalar[o], argmax[o], "argmax " + at);
                assertEquals(Float.floatToRawIntBits(yScalar[o]), Float.floatToRawIntBits(y[o]), "value " + at);
                int first = definition(x, offset + 2 * oy * width + 2 * ox, width);
                assertEquals(first, argmaxScalar[o], "definition " + at);
                assertEquals(Float.floatToRawIntBits(x[first]), Float.floatToRawIntBits(yScalar[o]), "value " + at);
            }
        }
    }

    /** The first window element, in row-major order, that no other element exceeds (a NaN exceeds every number). */
    private static int definition(float[] x, int corner, int width) {
        int[] window = {corner, corner + 1, corner + width, corner + width + 1};
        for (int candidate : window) {
            boolean maximal = true;
            for (int other : window) {
                float c = x[candidate];
                float v = x[other];
                boolean exceeds = Float.isNaN(c) ? false : Float.isNaN(v) || v > c;
                maximal &= !exceeds;
            }
            if (maximal) {
                return candidate;
            }
        }
        throw new AssertionError("a window always has a maximum");
    }
}
