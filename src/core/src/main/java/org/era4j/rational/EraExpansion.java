package org.era4j.rational;

/**
 * Expands one ERA parameter set to the coefficient form {@code P(x) / Q(x)} of a
 * {@link RationalFunction} with a {@link DenominatorKind#PLAIN} denominator (float64 arithmetic).
 *
 * <pre>
 *   q_i(x) = (x - e_i)^2 + f_i^2 + eps = x^2 - 2 e_i x + (e_i^2 + f_i^2 + eps)
 *   Q(x)   = prod_i q_i(x)                                   degree 2n, leading coefficient 1
 *   P(x)   = (a x + b) Q(x) + sum_i (c_i x + d_i) prod_{j != i} q_j(x)     degree 2n + 1
 * </pre>
 *
 * <h2>Why the kernels keep the product form</h2>
 * In exact arithmetic {@code Q(x) >= prod_i (f_i^2 + eps) > 0}. The product and partial-fraction
 * forms used by the kernels inherit this in floating point: each computed {@code q_i} is a sum of
 * non-negative rounded terms, so it stays {@code >= eps}, and a product of positive numbers stays
 * positive. The <em>expanded</em> coefficients do not: near {@code x = e_i} Horner adds terms of
 * size about {@code |x|^j |Q_j|} that cancel down to the tiny true value, and the rounding error
 * of that sum is about {@code u * denominatorScale(x)} where
 * {@code denominatorScale(x) = sum_j |Q_j| |x|^j <= prod_i ((|x| + |e_i|)^2 + f_i^2 + eps)}.
 *
 * <p>So the Horner form is accurate, and its computed denominator provably positive, where the
 * denominator's condition number {@code kappa(x) = denominatorScale(x) / Q(x)} satisfies
 * {@code (2n + 2) u kappa(x) < 1}; its relative error there is at most about
 * {@code (2n + 2) u kappa(x)} ({@code u = 2^-53} in float64, {@code 2^-24} in float32; the extra
 * terms cover rounding while expanding). Near a centre {@code kappa ≈ prod_i (4 e_i^2 + f_i^2 + eps)
 * / (f_i^2 + eps)}: with {@code |e_i| <= 3}, {@code f_i^2 + eps >= 1e-3} and {@code n <= 2} this is
 * below {@code 1.4e9}: a relative error below {@code 1e-6} in float64, no guarantee at all in
 * float32. Concretely, with {@code n = 1}, {@code e = 1000}, {@code f = 0} the float32 Horner
 * denominator is exactly 0 at {@code x = e}, and with {@code n = 2}, both {@code e = 1000},
 * {@code f = 0} even the float64 one is {@code <= 0} at points within {@code 0.2} of {@code e}
 * (both shown by the tests). In float32 the expanded coefficients can also overflow:
 * {@code Q_0 = prod_i (e_i^2 + f_i^2 + eps)} exceeds {@code 3.4e38} for eight fractions with
 * {@code |e_i|} around 250.
 */
public final class EraExpansion {

    private EraExpansion() {
    }

    /** The coefficient form of the set at {@code params[offset ..]} (float32 values, exact in float64). */
    public static RationalFunction expand(EraSpec spec, float[] params, int offset) {
        return expand(spec, EraReference.toDouble(spec, params, offset), 0);
    }

    /** The coefficient form of the set at {@code params[offset ..]}. */
    public static RationalFunction expand(EraSpec spec, double[] params, int offset) {
        checkParameters(spec, params, offset);
        return RationalFunction.plain(numerator(spec, params, offset), denominator(spec, params, offset));
    }

    /** {@code Q_0 .. Q_2n} of {@code Q(x) = prod_i q_i(x)}. */
    public static double[] denominator(EraSpec spec, double[] params, int offset) {
        checkParameters(spec, params, offset);
        double[] q = {1};
        for (int i = 0; i < spec.fractions(); i++) {
            q = multiply(q, quadratic(spec, params, offset, i));
        }
        return q;
    }

    /** {@code P_0 .. P_{2n+1}} of {@code P(x) = (a x + b) Q(x) + sum_i r_i(x) prod_{j != i} q_j(x)}. */
    public static double[] numerator(EraSpec spec, double[] params, int offset) {
        checkParameters(spec, params, offset);
        int n = spec.fractions();
        double[] p = multiply(new double[] {params[offset + EraLayout.B], params[offset + EraLayout.A]},
                denominator(spec, params, offset));
        for (int i = 0; i < n; i++) {
            double[] term = {params[offset + EraLayout.d(i)], params[offset + EraLayout.c(i)]};
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    term = multiply(term, quadratic(spec, params, offset, j));
                }
            }
            for (int k = 0; k < term.length; k++) {
                p[k] += term[k];
            }
        }
        return p;
    }

    /**
     * The scale that bounds the rounding error of evaluating the expanded form at {@code x},
     * expansion included: {@code (Pabs(|x|) + |R(x)| Qabs(|x|)) / Q(x)}, where {@code Qabs} and
     * {@code Pabs} are {@code Q} and {@code P} rebuilt from absolute values,
     * {@code Qabs(t) = prod_i ((t + |e_i|)^2 + f_i^2 + eps)} and
     * {@code Pabs(t) = (|a| t + |b|) Qabs(t) + sum_i (|c_i| t + |d_i|) prod_{j != i} qabs_j(t)}.
     * It dominates {@link RationalFunction#valueScale} of the expansion (every expanded coefficient
     * is at most the matching coefficient of the absolute-value product) and also covers the
     * rounding of the expansion itself. Float64 arithmetic; {@code R} and {@code Q} come from the
     * partial-fraction form, which is accurate.
     */
    public static double expansionScale(EraSpec spec, double[] params, int offset, double x) {
        checkParameters(spec, params, offset);
        int n = spec.fractions();
        double t = Math.abs(x);
        // Divide every factor by the true q_i(x) as we go, so nothing overflows for large |x|.
        double qRatio = 1;
        double pRatio = 0;
        for (int i = 0; i < n; i++) {
            double ratio = absoluteQuadratic(spec, params, offset, i, t) / EraReference.quadratic(spec, params, offset, i, x);
            qRatio *= ratio;
        }
        for (int i = 0; i < n; i++) {
            double r = Math.abs(params[offset + EraLayout.c(i)]) * t + Math.abs(params[offset + EraLayout.d(i)]);
            double others = qRatio / (absoluteQuadratic(spec, params, offset, i, t)
                    / EraReference.quadratic(spec, params, offset, i, x));
            pRatio += r / EraReference.quadratic(spec, params, offset, i, x) * others;
        }
        double linear = Math.abs(params[offset + EraLayout.A]) * t + Math.abs(params[offset + EraLayout.B]);
        pRatio += linear * qRatio;
        return pRatio + Math.abs(EraReference.value(spec, params, offset, x)) * qRatio;
    }

    /**
     * {@code kappa(x) = Qabs(|x|) / Q(x) = prod_i ((|x| + |e_i|)^2 + f_i^2 + eps) / q_i(x) >= 1}: the
     * condition number of the expanded denominator at {@code x}. Horner's value of the expanded
     * {@code Q} has relative error at most about {@code (2n + 2) u kappa(x)}.
     */
    public static double denominatorCondition(EraSpec spec, double[] params, int offset, double x) {
        checkParameters(spec, params, offset);
        double t = Math.abs(x);
        double kappa = 1;
        for (int i = 0; i < spec.fractions(); i++) {
            kappa *= absoluteQuadratic(spec, params, offset, i, t) / EraReference.quadratic(spec, params, offset, i, x);
        }
        return kappa;
    }

    private static double absoluteQuadratic(EraSpec spec, double[] params, int offset, int fraction, double t) {
        double s = t + Math.abs(params[offset + EraLayout.e(fraction)]);
        double f = params[offset + EraLayout.f(fraction)];
        return s * s + f * f + spec.eps();
    }

    /** {@code [e_i^2 + f_i^2 + eps, -2 e_i, 1]}: the coefficients of {@code q_i}. */
    private static double[] quadratic(EraSpec spec, double[] params, int offset, int fraction) {
        double e = params[offset + EraLayout.e(fraction)];
        double f = params[offset + EraLayout.f(fraction)];
        return new double[] {Math.fma(e, e, Math.fma(f, f, spec.eps())), -2 * e, 1};
    }

    private static double[] multiply(double[] left, double[] right) {
        double[] product = new double[left.length + right.length - 1];
        for (int i = 0; i < left.length; i++) {
            for (int j = 0; j < right.length; j++) {
                product[i + j] = Math.fma(left[i], right[j], product[i + j]);
            }
        }
        return product;
    }

    private static void checkParameters(EraSpec spec, double[] params, int offset) {
        if (spec == null) {
            throw new IllegalArgumentException("ERA spec is null");
        }
        if (params == null) {
            throw new IllegalArgumentException("ERA parameters are null");
        }
        if (offset < 0 || offset + spec.parameterCount() > params.length) {
            throw new IllegalArgumentException("ERA parameters: need " + spec.parameterCount()
                    + " values for n=" + spec.fractions() + " from offset " + offset
                    + ", array has " + params.length);
        }
        for (int k = 0; k < spec.parameterCount(); k++) {
            if (!Double.isFinite(params[offset + k])) {
                throw new IllegalArgumentException("ERA parameter " + EraLayout.name(k)
                        + " is not finite: " + params[offset + k]);
            }
        }
    }
}
