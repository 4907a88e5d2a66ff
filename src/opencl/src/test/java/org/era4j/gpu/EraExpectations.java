package org.era4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.LongUnaryOperator;
import org.era4j.kernel.ParameterSharing;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;

/**
 * Checks float32 ERA results against {@link EraReference} (float64) with condition-aware bounds:
 * <pre>
 *   forward   |y - sigma(x)|          <= (4n + 8) ulp(valueScale(x))
 *   input     |dx - dy sigma'(x)|     <= |dy| (6n + 10) ulp(derivativeScale(x)) + ulp(dx_ref) + floor
 *   params    |dP_k - (P0_k + G_k)|   <= (16 + depth) 2^-24 (sum_i |dy_i d sigma/d p_k (x_i)| + |P0_k|) + ulp
 *                                          + sum_i |dy_i| (1 + |x_i| + max|p|) 2^-146
 * </pre>
 * The last term is the underflow floor: for huge |x| the products {@code r w w} (w = 1/q ~ 1/x^2)
 * fall below the float32 range, and their few subnormal ulps are multiplied by {@code t = x - e}.
 * The same floor, per element, is added to the dx bound. It is about 1e-44 per unit of |x| and |dy|, invisible unless the gradient itself is tiny.
 * where ulp is of the float32 value and {@code depth} the number of additions along the longest path
 * of the kernel's reduction tree (per-item run, lane tree, work-group tree, groups). Failures name the index
 * and the input.
 */
final class EraExpectations {

    private EraExpectations() {
    }

    /** Set of element {@code i}, computed independently of the kernels' formula. */
    static LongUnaryOperator setOf(ParameterSharing sharing, int inner) {
        return switch (sharing.mode()) {
            case LAYER -> i -> 0;
            default -> sharing.layout() == ParameterSharing.ChannelLayout.CHANNELS_FIRST
                    ? i -> sharing.setOf((int) ((i / inner) % sharing.channels()))
                    : i -> sharing.setOf((int) (i % sharing.channels()));
        };
    }

    static void checkForward(EraSpec spec, float[] params, int paramsOffset, LongUnaryOperator setOf,
                             float[] x, int xOffset, float[] y, int yOffset, int length) {
        int count = spec.parameterCount();
        int n = spec.fractions();
        double[][] cache = new double[64][];
        for (int i = 0; i < length; i++) {
            int set = (int) setOf.applyAsLong(i);
            double[] p = parameters(spec, params, paramsOffset + set * count, cache, set);
            float xi = x[xOffset + i];
            float got = y[yOffset + i];
            if (!Float.isFinite(xi)) {
                assertTrue(Float.isNaN(got), () -> "y must be NaN for x=" + xi + ", got " + got);
                continue;
            }
            double want = EraReference.value(spec, p, 0, xi);
            double bound = (4 * n + 8) * Math.ulp((float) EraReference.valueScale(spec, p, 0, xi));
            if (!(Math.abs(got - want) <= bound)) {
                fail("forward " + spec + " set " + set + " at index " + i + ", x=" + xi + ": got " + got
                        + ", want " + want + " +- " + bound);
            }
        }
    }

    static void checkBackward(EraSpec spec, float[] params, int paramsOffset, LongUnaryOperator setOf, int sets,
                              float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                              float[] dParamsBefore, float[] dParams, int dParamsOffset, int length, int depth) {
        int count = spec.parameterCount();
        int n = spec.fractions();
        double[] sums = new double[sets * count];
        double[] abs = new double[sets * count];
        double[] gradient = new double[count];
        boolean[] nonFinite = new boolean[sets];
        double[] floor = new double[sets];
        double[][] cache = new double[64][];
        for (int i = 0; i < length; i++) {
            int set = (int) setOf.applyAsLong(i);
            double[] p = parameters(spec, params, paramsOffset + set * count, cache, set);
            float xi = x[xOffset + i];
            float gi = dy[dyOffset + i];
            float got = dx[dxOffset + i];
            if (!Float.isFinite(xi)) {
                assertTrue(Float.isNaN(got), () -> "dx must be NaN for x=" + xi + ", got " + got);
                nonFinite[set] = true;
                continue;
            }
            double want = gi * EraReference.derivative(spec, p, 0, xi);
            double bound = Math.abs(gi) * (6 * n + 10) * Math.ulp((float) EraReference.derivativeScale(spec, p, 0, xi))
                    + Math.ulp((float) want) + Math.abs(gi) * (1 + Math.abs(xi) + maxAbs(p)) * 0x1p-146;
            if (!(Math.abs(got - want) <= bound)) {
                fail("dx " + spec + " set " + set + " at index " + i + ", x=" + xi + ", dy=" + gi + ": got " + got
                        + ", want " + want + " +- " + bound);
            }
            floor[set] += Math.abs(gi) * (1 + Math.abs(xi) + maxAbs(p)) * 0x1p-146;
            EraReference.parameterGradient(spec, p, 0, xi, gradient, 0);
            for (int k = 0; k < count; k++) {
                sums[set * count + k] += gi * gradient[k];
                abs[set * count + k] += Math.abs(gi * gradient[k]);
            }
        }
        for (int set = 0; set < sets; set++) {
            for (int k = 0; k < count; k++) {
                int slot = dParamsOffset + set * count + k;
                float got = dParams[slot];
                if (nonFinite[set]) {
                    // the a-gradient sums dy * x, so a NaN or infinite x cannot leave it finite
                    if (k == 0) {
                        assertTrue(!Float.isFinite(got), "dParams[a] must not be finite after a non-finite x");
                    }
                    continue;
                }
                double before = dParamsBefore[slot];
                double want = before + sums[set * count + k];
                double bound = (16 + depth) * 0x1p-24 * (abs[set * count + k] + Math.abs(before))
                        + Math.ulp((float) want) + floor[set];
                if (!(Math.abs(got - want) <= bound)) {
                    fail("dParams " + spec + " set " + set + " parameter " + k + " over " + length
                            + " elements: got " + got + ", want " + want + " +- " + bound);
                }
            }
        }
    }

    private static double maxAbs(double[] p) {
        double m = 0;
        for (double v : p) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double[] parameters(EraSpec spec, float[] params, int offset, double[][] cache, int set) {
        if (set < cache.length) {
            if (cache[set] == null) {
                cache[set] = EraReference.toDouble(spec, params, offset);
            }
            return cache[set];
        }
        return EraReference.toDouble(spec, params, offset);
    }

    /** Longest chain of float additions in one parameter-gradient sum of the kernels, for a call of that shape. */
    static int reductionDepth(ClEraKernels kernels, EraSpec spec, ParameterSharing sharing, long length, int inner) {
        int depth = kernels.reductionDepth(spec, sharing, length, inner);
        assertTrue(depth >= 1, "reduction depth " + depth);
        return depth;
    }
}
