package org.era4j.kernel;

import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;

/**
 * Measures a backend against the float64 reference under the library's stated error bounds, with
 * {@code u = 2^-24}:
 * <ul>
 *   <li>forward: {@code |y - sigma(x)| <= 16 u * valueScale(x)}</li>
 *   <li>input gradient: {@code |dx - dy sigma'(x)| <= 32 u * |dy| * derivativeScale(x)}</li>
 *   <li>parameter gradients: {@code |dp_k - sum_i dy_i dsigma/dp_k| <= (m + 64) u * sum_i |dy_i| scale_k(x_i)},
 *       where {@code m} is the number of elements (float32 accumulation over {@code m} terms)</li>
 * </ul>
 * Each bound also allows {@link Float#MIN_NORMAL} absolute, for results that underflow. The scales
 * are {@link EraReference#valueScale}, {@link EraReference#derivativeScale} and
 * {@link EraReference#parameterGradientScale}: magnitudes of the terms before they cancel.
 * A measurement is the worst ratio error/bound over all elements (pass: {@code <= 1}) and where it
 * happened. Used by the tests and by {@code era verify}.
 */
public final class EraAccuracy {

    public static final double UNIT_ROUNDOFF = 0x1p-24;
    public static final double FORWARD_ULPS = 16;
    public static final double INPUT_GRADIENT_ULPS = 32;
    public static final double PARAMETER_GRADIENT_EXTRA_ULPS = 64;

    private EraAccuracy() {
    }

    /** Worst ratio of error to bound, the element (or parameter) where it occurred, and that error. */
    public record Measurement(double worstRatio, int worstIndex, double worstError, double boundAtWorst) {
        public boolean passed() {
            return worstRatio <= 1.0;
        }

        Measurement worse(Measurement other) {
            return other.worstRatio > worstRatio || Double.isNaN(other.worstRatio) ? other : this;
        }
    }

    /** Runs {@code backend.forward} and measures it against the reference. */
    public static Measurement forward(EraBackend backend, EraSpec spec, float[] params, float[] x) {
        float[] y = new float[x.length];
        backend.forward(spec, params, 0, x, 0, y, 0, x.length);
        return forwardError(spec, params, x, y);
    }

    /** Measures given outputs {@code y = sigma(x)} against the reference. */
    public static Measurement forwardError(EraSpec spec, float[] params, float[] x, float[] y) {
        double[] p = EraReference.toDouble(spec, params, 0);
        Measurement worst = new Measurement(0, -1, 0, 0);
        for (int i = 0; i < x.length; i++) {
            double expected = EraReference.value(spec, p, 0, x[i]);
            double bound = FORWARD_ULPS * UNIT_ROUNDOFF * EraReference.valueScale(spec, p, 0, x[i]) + Float.MIN_NORMAL;
            worst = worst.worse(ratio(y[i], expected, bound, i));
        }
        return worst;
    }

    /** Input-gradient and parameter-gradient measurements of one backward call. */
    public record BackwardMeasurement(Measurement inputGradient, Measurement parameterGradient) {
        public boolean passed() {
            return inputGradient.passed() && parameterGradient.passed();
        }
    }

    /** Runs {@code backend.backward} (from zero parameter gradients) and measures it. */
    public static BackwardMeasurement backward(EraBackend backend, EraSpec spec, float[] params,
                                               float[] x, float[] dy) {
        float[] dx = new float[x.length];
        float[] dParams = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
        return backwardError(spec, params, x, dy, dx, dParams, new float[spec.parameterCount()]);
    }

    /**
     * Measures {@code dx} and {@code dParams} (which started at {@code initialDParams}) against
     * the reference.
     */
    public static BackwardMeasurement backwardError(EraSpec spec, float[] params, float[] x, float[] dy,
                                                    float[] dx, float[] dParams, float[] initialDParams) {
        double[] p = EraReference.toDouble(spec, params, 0);
        int count = spec.parameterCount();
        double[] gradient = new double[count];
        double[] scale = new double[count];
        double[] expectedSum = new double[count];
        double[] scaleSum = new double[count];
        Measurement worstDx = new Measurement(0, -1, 0, 0);
        for (int i = 0; i < x.length; i++) {
            double g = dy[i];
            double expected = g * EraReference.derivative(spec, p, 0, x[i]);
            double bound = INPUT_GRADIENT_ULPS * UNIT_ROUNDOFF * Math.abs(g)
                    * EraReference.derivativeScale(spec, p, 0, x[i]) + Float.MIN_NORMAL;
            worstDx = worstDx.worse(ratio(dx[i], expected, bound, i));
            EraReference.parameterGradient(spec, p, 0, x[i], gradient, 0);
            EraReference.parameterGradientScale(spec, p, 0, x[i], scale, 0);
            for (int k = 0; k < count; k++) {
                expectedSum[k] += g * gradient[k];
                scaleSum[k] += Math.abs(g) * scale[k];
            }
        }
        Measurement worstParams = new Measurement(0, -1, 0, 0);
        double factor = (x.length + PARAMETER_GRADIENT_EXTRA_ULPS) * UNIT_ROUNDOFF;
        for (int k = 0; k < count; k++) {
            double expected = initialDParams[k] + expectedSum[k];
            double bound = factor * scaleSum[k] + UNIT_ROUNDOFF * Math.abs(initialDParams[k]) + Float.MIN_NORMAL;
            worstParams = worstParams.worse(ratio(dParams[k], expected, bound, k));
        }
        return new BackwardMeasurement(worstDx, worstParams);
    }

    /** Largest {@code |x - e|} at which {@code s} may underflow: the loss stays below 1/8 of the {@code Float.MIN_NORMAL} floor. */
    public static final double UNDERFLOW_T_LIMIT = 0x1p20;

    /**
     * The input range where the gradient bounds hold. Per fraction the float32 kernels form
     * {@code s = ((c x + d) (1/q)) (1/q)} and {@code t s} ({@code t = x - e},
     * {@code q = t^2 + f^2 + eps}). Inside: {@code |s| < 2^127} and {@code |t s| < 2^127} (else
     * they overflow and dx, de, df turn NaN), and where {@code |s|} is below
     * {@code Float.MIN_NORMAL} (it underflows), {@code |t| <= 2^20} (else the lost {@code 2 t s}
     * can exceed the bound, even flip dx's sign). Returns -1 when {@code x} is inside, else the
     * first fraction (0-based) outside. The forward value has no such limit.
     */
    public static int fractionOutsideGradientRange(EraSpec spec, double[] p, int offset, double x) {
        for (int i = 0; i < spec.fractions(); i++) {
            double c = p[offset + org.era4j.rational.EraLayout.c(i)];
            double d = p[offset + org.era4j.rational.EraLayout.d(i)];
            double e = p[offset + org.era4j.rational.EraLayout.e(i)];
            double f = p[offset + org.era4j.rational.EraLayout.f(i)];
            double t = x - e;
            double q = t * t + f * f + spec.eps();
            double s = Math.abs((c * x + d) / q / q);
            if (!(s < 0x1p127) || !(Math.abs(t) * s < 0x1p127) || (s < Float.MIN_NORMAL && Math.abs(t) > UNDERFLOW_T_LIMIT)) {
                return i;
            }
        }
        return -1;
    }

    private static Measurement ratio(float actual, double expected, double bound, int index) {
        if (Double.isNaN(expected) && Float.isNaN(actual)) {
            return new Measurement(0, index, 0, bound);
        }
        double error = Math.abs(actual - expected);
        if (Double.isNaN(error)) {
            return new Measurement(Double.POSITIVE_INFINITY, index, Double.NaN, bound);
        }
        return new Measurement(error / bound, index, error, bound);
    }
}
