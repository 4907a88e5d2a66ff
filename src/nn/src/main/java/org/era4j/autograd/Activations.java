package org.era4j.autograd;

/** Scalar formulas shared by the pointwise activation primitives (float32 in and out, float64 inside). */
final class Activations {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private Activations() {
    }

    /** Stable for large |x|: never computes e^{+large}. */
    static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1 / (1 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1 + e));
    }

    static float swishDerivative(float x) {
        double s = sigmoid(x);
        return (float) (s + x * s * (1 - s));
    }

    static float geluTanh(float x) {
        double u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
        return (float) (0.5 * x * (1 + Math.tanh(u)));
    }

    static float geluTanhDerivative(float x) {
        double u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
        double th = Math.tanh(u);
        double du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
        return (float) (0.5 * (1 + th) + 0.5 * x * (1 - th * th) * du);
    }

    static float geluExact(float x) {
        return (float) (x * normalCdf(x));
    }

    static float geluExactDerivative(float x) {
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
        return (float) (normalCdf(x) + x * pdf);
    }

    static double normalCdf(double x) {
        return 0.5 * erfc(-x * INV_SQRT_2);
    }

    /**
     * Complementary error function, Numerical Recipes' Chebyshev fit ({@code erfcc}), relative error
     * below 1.2e-7 everywhere: enough for float32 results.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
