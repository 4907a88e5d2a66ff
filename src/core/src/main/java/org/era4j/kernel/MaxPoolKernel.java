package org.era4j.kernel;

/**
 * The 2x2, stride-2, unpadded max pool of one plane, with the Vector API ({@code MaxPoolVector})
 * when {@link VectorSupport#enabled()}. Each output takes the maximum of its window and the
 * window's row-major index of it; a NaN is the maximum (the first NaN if several), and among equal
 * values (+0 and -0 count as equal) the first in row-major order wins. Which of four values wins is
 * unpredictable, so the scalar loop mispredicts about every other comparison; the vector kernel
 * compares whole rows (top against bottom, then even against odd columns, ties going to the lower
 * index) and gives bitwise the same values and indices as {@link #pool2x2Scalar}.
 */
public final class MaxPoolKernel {

    private MaxPoolKernel() {
    }

    /**
     * Pools the plane at {@code x[in ..]} ({@code width} floats per row, at least
     * {@code 2 * outHeight} rows and {@code width >= 2 * outWidth}) into {@code y[out ..]} and its
     * argmax, as indices into {@code x}, into {@code argmax[out ..]} ({@code outHeight x outWidth}).
     */
    public static void pool2x2(float[] x, int in, int width, int outHeight, int outWidth,
                               float[] y, int[] argmax, int out) {
        if (VectorSupport.enabled()) {
            MaxPoolVector.pool2x2(x, in, width, outHeight, outWidth, y, argmax, out);
        } else {
            pool2x2Scalar(x, in, width, outHeight, outWidth, y, argmax, out);
        }
    }

    /** Scalar twin of {@link #pool2x2}: the four candidates in row-major order. */
    public static void pool2x2Scalar(float[] x, int in, int width, int outHeight, int outWidth,
                                     float[] y, int[] argmax, int out) {
        for (int oy = 0; oy < outHeight; oy++) {
            int row = in + 2 * oy * width;
            int o = out + oy * outWidth;
            for (int ox = 0; ox < outWidth; ox++, o++) {
                int i0 = row + 2 * ox;
                int best = i0;
                float max = x[i0];
                if (better(x[i0 + 1], max)) {
                    best = i0 + 1;
                    max = x[best];
                }
                if (better(x[i0 + width], max)) {
                    best = i0 + width;
                    max = x[best];
                }
                if (better(x[i0 + width + 1], max)) {
                    best = i0 + width + 1;
                    max = x[best];
                }
                y[o] = max;
                argmax[o] = best;
            }
        }
    }

    /** A NaN wins over a number; otherwise only a strictly larger value replaces the maximum. */
    public static boolean better(float v, float max) {
        return v > max || (v != v && max == max);
    }
}
