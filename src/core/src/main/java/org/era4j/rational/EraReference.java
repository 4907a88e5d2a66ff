package org.era4j.rational;

import static org.era4j.rational.EraLayout.A;
import static org.era4j.rational.EraLayout.B;

/**
 * The float64 reference for one ERA parameter set, written in the partial-fraction form straight
 * from the definition: value, first and second derivative in {@code x}, the gradient with respect
 * to every parameter, and the condition scale that the float32 error bounds are stated against.
 *
 * <pre>
 *   sigma(x)   = a x + b + sum_i r_i / q_i,      r_i = c_i x + d_i,  q_i = (x - e_i)^2 + f_i^2 + eps
 *   sigma'(x)  = a + sum_i (c_i q_i - 2 r_i t_i) / q_i^2,                t_i = x - e_i
 *   sigma''(x) = sum_i (-4 c_i t_i - 2 r_i) / q_i^2 + 8 r_i t_i^2 / q_i^3
 *   d/dc_i = x / q_i,   d/dd_i = 1 / q_i,   d/de_i = 2 r_i t_i / q_i^2,   d/df_i = -2 r_i f_i / q_i^2
 * </pre>
 *
 * Parameters are read as {@code double}s from {@code params[offset ..]} in the layout of
 * {@link EraSpec}. Every kernel is tested against this class.
 */
public final class EraReference {

    private EraReference() {
    }

    /** Copies one float32 parameter set to float64 (exact). */
    public static double[] toDouble(EraSpec spec, float[] params, int offset) {
        spec.checkParameters(params, offset, 1);
        double[] out = new double[spec.parameterCount()];
        for (int k = 0; k < out.length; k++) {
            out[k] = params[offset + k];
        }
        return out;
    }

    /** Denominator quadratic {@code q_i(x) = (x - e_i)^2 + f_i^2 + eps} (always >= eps). */
    public static double quadratic(EraSpec spec, double[] p, int offset, int fraction, double x) {
        double t = x - p[offset + EraLayout.e(fraction)];
        double f = p[offset + EraLayout.f(fraction)];
        return t * t + f * f + spec.eps();
    }

    /** {@code sigma(x)}. */
    public static double value(EraSpec spec, double[] p, int offset, double x) {
        double y = p[offset + A] * x + p[offset + B];
        for (int i = 0; i < spec.fractions(); i++) {
            double r = p[offset + EraLayout.c(i)] * x + p[offset + EraLayout.d(i)];
            y += r / quadratic(spec, p, offset, i, x);
        }
        return y;
    }

    /** {@code sigma'(x)}. */
    public static double derivative(EraSpec spec, double[] p, int offset, double x) {
        double dy = p[offset + A];
        for (int i = 0; i < spec.fractions(); i++) {
            double c = p[offset + EraLayout.c(i)];
            double r = c * x + p[offset + EraLayout.d(i)];
            double t = x - p[offset + EraLayout.e(i)];
            double q = quadratic(spec, p, offset, i, x);
            dy += (c * q - 2 * r * t) / (q * q);
        }
        return dy;
    }

    /** {@code sigma''(x)}. */
    public static double secondDerivative(EraSpec spec, double[] p, int offset, double x) {
        double d2y = 0;
        for (int i = 0; i < spec.fractions(); i++) {
            double c = p[offset + EraLayout.c(i)];
            double r = c * x + p[offset + EraLayout.d(i)];
            double t = x - p[offset + EraLayout.e(i)];
            double q = quadratic(spec, p, offset, i, x);
            d2y += (-4 * c * t - 2 * r) / (q * q) + 8 * r * t * t / (q * q * q);
        }
        return d2y;
    }

    /**
     * Writes {@code d sigma(x) / d p_k} for every parameter {@code k} of the set into
     * {@code gradient[gradientOffset + k]} (overwrites).
     */
    public static void parameterGradient(EraSpec spec, double[] p, int offset, double x,
                                         double[] gradient, int gradientOffset) {
        gradient[gradientOffset + A] = x;
        gradient[gradientOffset + B] = 1;
        for (int i = 0; i < spec.fractions(); i++) {
            double r = p[offset + EraLayout.c(i)] * x + p[offset + EraLayout.d(i)];
            double t = x - p[offset + EraLayout.e(i)];
            double f = p[offset + EraLayout.f(i)];
            double q = quadratic(spec, p, offset, i, x);
            double w = 1 / q;
            gradient[gradientOffset + EraLayout.c(i)] = x * w;
            gradient[gradientOffset + EraLayout.d(i)] = w;
            gradient[gradientOffset + EraLayout.e(i)] = 2 * r * t * w * w;
            gradient[gradientOffset + EraLayout.f(i)] = -2 * r * f * w * w;
        }
    }

    /**
     * The scale a float32 evaluation of {@code sigma(x)} is accurate relative to:
     * {@code |a x| + |b| + sum_i (|c_i x| + |d_i|) / q_i}. Where terms cancel, the result is small
     * but the rounding error of the terms is not; error bounds are stated as
     * {@code k * 2^-24 * scale}. ({@code x - e_i} needs no term of its own: it is exact when the
     * two are close, by Sterbenz' lemma, and has relative error {@code 2^-24} otherwise.)
     */
    public static double valueScale(EraSpec spec, double[] p, int offset, double x) {
        double s = Math.abs(p[offset + A] * x) + Math.abs(p[offset + B]);
        for (int i = 0; i < spec.fractions(); i++) {
            s += numeratorScale(p, offset, i, x) / quadratic(spec, p, offset, i, x);
        }
        return s;
    }

    /**
     * The scale of {@code sigma'(x)} for error bounds:
     * {@code |a| + sum_i (|c_i| q_i + 2 |t_i| (|c_i x| + |d_i|)) / q_i^2}.
     */
    public static double derivativeScale(EraSpec spec, double[] p, int offset, double x) {
        double s = Math.abs(p[offset + A]);
        for (int i = 0; i < spec.fractions(); i++) {
            double t = x - p[offset + EraLayout.e(i)];
            double q = quadratic(spec, p, offset, i, x);
            s += (Math.abs(p[offset + EraLayout.c(i)]) * q + 2 * Math.abs(t) * numeratorScale(p, offset, i, x)) / (q * q);
        }
        return s;
    }

    /**
     * Per-parameter scales of the gradient for error bounds: like {@link #parameterGradient} with
     * every factor replaced by its magnitude and {@code r_i} by {@code |c_i x| + |d_i|}.
     */
    public static void parameterGradientScale(EraSpec spec, double[] p, int offset, double x,
                                              double[] scale, int scaleOffset) {
        scale[scaleOffset + A] = Math.abs(x);
        scale[scaleOffset + B] = 1;
        for (int i = 0; i < spec.fractions(); i++) {
            double r = numeratorScale(p, offset, i, x);
            double t = Math.abs(x - p[offset + EraLayout.e(i)]);
            double f = Math.abs(p[offset + EraLayout.f(i)]);
            double w = 1 / quadratic(spec, p, offset, i, x);
            scale[scaleOffset + EraLayout.c(i)] = Math.abs(x) * w;
            scale[scaleOffset + EraLayout.d(i)] = w;
            scale[scaleOffset + EraLayout.e(i)] = 2 * r * t * w * w;
            scale[scaleOffset + EraLayout.f(i)] = 2 * r * f * w * w;
        }
    }

    private static double numeratorScale(double[] p, int offset, int fraction, double x) {
        return Math.abs(p[offset + EraLayout.c(fraction)] * x) + Math.abs(p[offset + EraLayout.d(fraction)]);
    }
}
