package org.era4j.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.era4j.rational.EraSpec;

/**
 * The float32 scalar twin of {@link VectorEraBackend}: the same operations in the same order
 * (FMA where the vector kernel uses FMA, one division per fraction), one element at a time. The
 * vector kernel finishes its tails with {@link #value} and {@link #backwardElement}, so forward
 * values and input gradients of the two backends agree bit for bit.
 *
 * <p>Per element and fraction: {@code t = x - e}, {@code q = fma(t, t, fma(f, f, eps))} (at least
 * {@code eps}, see docs/kernels.md), {@code r = fma(c, x, d)}, then {@code r / q} is added to
 * {@code fma(a, x, b)} fraction by fraction. Every intermediate stays finite for
 * {@code |x|, |parameters| <= 1e18}.
 */
public final class ScalarEraBackend implements EraBackend {

    /** The shared instance; the backend is stateless. */
    public static final ScalarEraBackend INSTANCE = new ScalarEraBackend();

    private ScalarEraBackend() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    /** {@code f^2 + eps}, the constant part of a quadratic, rounded once (FMA). */
    static float offsetOf(float[] p, int o, int fraction, float eps) {
        float f = p[o + 5 + 4 * fraction];
        return Math.fma(f, f, eps);
    }

    /** One ERA value, float32, in the kernel's operation order. */
    static float value(float[] p, int o, int fractions, float eps, float x) {
        float y = Math.fma(p[o], x, p[o + 1]);
        for (int i = 0; i < fractions; i++) {
            int pi = o + 2 + 4 * i;
            float t = x - p[pi + 2];
            float q = Math.fma(t, t, offsetOf(p, o, i, eps));
            y += Math.fma(p[pi], x, p[pi + 1]) / q;
        }
        return y;
    }

    /**
     * Backward for one element: returns {@code dx = dy * sigma'(x)} and adds
     * {@code dy * d sigma / d p_k} to {@code sums[k]} for the parameters a, b and, per fraction,
     * c, d and the raw sums that {@link #finishParameterSums} turns into the e and f gradients.
     */
    static float backwardElement(float[] p, int o, int fractions, float eps, float x, float g,
                                 float[] sums, int s) {
        float slope = p[o];
        sums[s] += g * x;
        sums[s + 1] += g;
        for (int i = 0; i < fractions; i++) {
            int pi = o + 2 + 4 * i;
            float t = x - p[pi + 2];
            float w = 1f / Math.fma(t, t, offsetOf(p, o, i, eps));
            slope = fractionBackward(p[pi], p[pi + 1], t, w, x, g, slope, sums, s + 2 + 4 * i);
        }
        return g * slope;
    }

    /** One fraction's share: {@code w = 1/q}, {@code s = r w}; returns the slope so far. */
    private static float fractionBackward(float c, float d, float t, float w, float x, float g,
                                          float slope, float[] sums, int k) {
        float r = Math.fma(c, x, d);
        float sw = r * w * w;
        float tsw = t * sw;
        slope = Math.fma(c, w, slope);
        slope = Math.fma(-2f, tsw, slope);
        float gw = g * w;
        sums[k] += gw * x;
        sums[k + 1] += gw;
        sums[k + 2] += g * tsw;
        sums[k + 3] += g * sw;
        return slope;
    }

    /**
     * Turns raw sums into gradients and adds them to {@code dParams}: {@code de = 2 sum(g t r/q^2)},
     * {@code df = -2 f sum(g r/q^2)}; a, b, c, d are already gradients.
     */
    static void finishParameterSums(float[] p, int o, int fractions, float[] sums, int s,
                                    float[] dParams, int dOffset) {
        dParams[dOffset] += sums[s];
        dParams[dOffset + 1] += sums[s + 1];
        for (int i = 0; i < fractions; i++) {
            int k = 2 + 4 * i;
            dParams[dOffset + k] += sums[s + k];
            dParams[dOffset + k + 1] += sums[s + k + 1];
            dParams[dOffset + k + 2] += 2f * sums[s + k + 2];
            dParams[dOffset + k + 3] += -2f * p[o + k + 3] * sums[s + k + 3];
        }
    }

    @Override
    public void forward(EraSpec spec, float[] params, int paramsOffset,
                        float[] x, int xOffset, float[] y, int yOffset, int length) {
        Checks.forward(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
        int n = spec.fractions();
        float eps = spec.eps();
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = value(params, paramsOffset, n, eps, x[xOffset + i]);
        }
    }

    /**
     * Accumulates raw sums directly in {@code dParams}' slots through a small per-thread buffer;
     * summation is sequential, so the parameter-gradient error grows with {@code length} (the
     * vector backend sums in blocks and is more accurate).
     */
    @Override
    public void backward(EraSpec spec, float[] params, int paramsOffset,
                         float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                         float[] dParams, int dParamsOffset, int length) {
        Checks.backward(spec, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length);
        int n = spec.fractions();
        float eps = spec.eps();
        float[] sums = Workspace.get().sums(spec.parameterCount());
        for (int i = 0; i < length; i++) {
            dx[dxOffset + i] = backwardElement(params, paramsOffset, n, eps, x[xOffset + i],
                    dy[dyOffset + i], sums, 0);
        }
        finishParameterSums(params, paramsOffset, n, sums, 0, dParams, dParamsOffset);
    }

    @Override
    public void forward(EraSpec spec, float[] params, int paramsOffset,
                        MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length) {
        Checks.forward(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
        int n = spec.fractions();
        float eps = spec.eps();
        for (long i = 0; i < length; i++) {
            float xi = x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, xOffset + i);
            y.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, yOffset + i, value(params, paramsOffset, n, eps, xi));
        }
    }

    @Override
    public void backward(EraSpec spec, float[] params, int paramsOffset,
                         MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                         MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset, long length) {
        Checks.backward(spec, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length);
        int n = spec.fractions();
        float eps = spec.eps();
        float[] sums = Workspace.get().sums(spec.parameterCount());
        for (long i = 0; i < length; i++) {
            float xi = x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, xOffset + i);
            float gi = dy.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, dyOffset + i);
            dx.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, dxOffset + i,
                    backwardElement(params, paramsOffset, n, eps, xi, gi, sums, 0));
        }
        finishParameterSums(params, paramsOffset, n, sums, 0, dParams, dParamsOffset);
    }
}
