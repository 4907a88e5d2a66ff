package org.era4j.kernel;

/**
 * The per-plane passes of instance normalisation, optionally fused with the ReLU that follows it,
 * with the Vector API ({@code InstanceNormVector}) when {@link VectorSupport#enabled()}. Statistics
 * and gradient sums come from {@link PlaneSums}; these are the elementwise passes around them.
 *
 * <p>Every pass computes {@code xhat = (x - mean) * inv} and {@code y = scale * xhat + shift} as
 * separate float32 multiplies and adds (no fused multiply-add), so the backward pass recomputes
 * the forward's {@code y} bit for bit instead of reading it back. Why fuse the ReLU: a normalisation
 * followed by a ReLU otherwise writes the normalised tensor, reads it again for the ReLU and once
 * more for the ReLU's backward, and both backward passes write a full gradient; on a CNN these
 * passes are bound by memory bandwidth and do not speed up on a second core. The scalar twins give
 * the vector loops' bits, and the fused results equal {@link ReluKernel} applied to the unfused
 * ones bit for bit.
 */
public final class InstanceNormKernel {

    private InstanceNormKernel() {
    }

    /**
     * {@code y[yFrom + i] = scale * ((x[xFrom + i] - mean) * inv) + shift} for {@code i < count};
     * with {@code rectify} then {@code y < 0 ? 0 : y} ({@link ReluKernel#forward}'s rule: NaN and
     * -0 pass through).
     */
    public static void normalize(float[] x, int xFrom, float[] y, int yFrom, int count, float mean, float inv,
                                 float scale, float shift, boolean rectify) {
        if (VectorSupport.enabled()) {
            InstanceNormVector.normalize(x, xFrom, y, yFrom, count, mean, inv, scale, shift, rectify);
        } else {
            normalizeScalar(x, xFrom, y, yFrom, 0, count, mean, inv, scale, shift, rectify);
        }
    }

    /**
     * The gradient a ReLU passes back to the normalisation before it:
     * {@code out[i] = 0 + (y[i] > 0 ? g[i] : 0)} with {@code y} recomputed as {@link #normalize}
     * does (the {@code 0 +} is {@link ReluKernel#backward} into a zeroed array: -0 becomes +0).
     * {@code out} may be {@code g}.
     */
    public static void rectifiedGradient(float[] g, float[] x, float[] out, int from, int to, float mean, float inv,
                                         float scale, float shift) {
        if (VectorSupport.enabled()) {
            InstanceNormVector.rectifiedGradient(g, x, out, from, to, mean, inv, scale, shift);
        } else {
            rectifiedGradientScalar(g, x, out, from, to, mean, inv, scale, shift);
        }
    }

    /**
     * {@code gx[i] = gain * (g[i] - meanG - ((x[i] - mean) * inv) * meanGxhat)} on {@code [from, to)}:
     * the input gradient of a normalisation, with {@code gain = gamma * inv} and the plane's means
     * of {@code g} and {@code g * xhat}. {@code gx} may be {@code g}.
     */
    public static void inputGradient(float[] g, float[] x, float[] gx, int from, int to, float mean, float inv,
                                     float gain, float meanG, float meanGxhat) {
        if (VectorSupport.enabled()) {
            InstanceNormVector.inputGradient(g, x, gx, from, to, mean, inv, gain, meanG, meanGxhat);
        } else {
            inputGradientScalar(g, x, gx, from, to, mean, inv, gain, meanG, meanGxhat);
        }
    }

    /** Scalar twin of {@link #normalize} for {@code done <= i < count}. */
    public static void normalizeScalar(float[] x, int xFrom, float[] y, int yFrom, int done, int count, float mean,
                                       float inv, float scale, float shift, boolean rectify) {
        for (int i = done; i < count; i++) {
            float v = scale * ((x[xFrom + i] - mean) * inv) + shift;
            y[yFrom + i] = rectify && v < 0f ? 0f : v;
        }
    }

    /** Scalar twin of {@link #rectifiedGradient}. */
    public static void rectifiedGradientScalar(float[] g, float[] x, float[] out, int from, int to, float mean, float inv,
                                               float scale, float shift) {
        for (int i = from; i < to; i++) {
            float y = scale * ((x[i] - mean) * inv) + shift;
            out[i] = 0f + (y > 0f ? g[i] : 0f);
        }
    }

    /** Scalar twin of {@link #inputGradient}. */
    public static void inputGradientScalar(float[] g, float[] x, float[] gx, int from, int to, float mean, float inv,
                                           float gain, float meanG, float meanGxhat) {
        for (int i = from; i < to; i++) {
            gx[i] = gain * (g[i] - meanG - ((x[i] - mean) * inv) * meanGxhat);
        }
    }
}
