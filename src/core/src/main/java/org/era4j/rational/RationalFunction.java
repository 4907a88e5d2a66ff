package org.era4j.rational;

import java.util.Arrays;

/**
 * A general rational function in coefficient form, evaluated in float64 by Horner's rule with
 * {@link Math#fma}: value, first and second derivative in {@code x}, and the gradient with respect
 * to every coefficient.
 *
 * <pre>
 *   R(x)   = P(x) / Q(x),            P(x) = p_0 + p_1 x + ... + p_m x^m
 *   R'(x)  = (P' Q - P Q') / Q^2
 *   R''(x) = P''/Q - (2 P' Q' + P Q'') / Q^2 + 2 P Q'^2 / Q^3
 *   dR/dp_j = x^j / Q
 *   dR/dq_j = -R x^j / Q                                  (PLAIN)
 *   dR/db_j = -R sign(b_j x^j) x^j / Q = -R sign(b_j) |x|^j / Q   (PAU_SAFE)
 * </pre>
 *
 * The denominator is read according to its {@link DenominatorKind}: {@code PLAIN} takes
 * {@code q_0 .. q_k}; {@code PAU_SAFE} takes {@code b_1 .. b_k} (no {@code b_0}) and means
 * {@code Q(x) = 1 + sum_j |b_j x^j| = 1 + sum_j |b_j| |x|^j}, which this class evaluates by Horner
 * in {@code |x|} with the coefficients {@code |b_j|}: every term is non-negative, so the computed
 * {@code Q} is {@code >= 1} in floating point too.
 *
 * <p>Derivatives of the absolute values follow the PAU code: {@code d|u|/du = sign(u)} with
 * {@code sign(0) = 0}. Hence {@code Q'(x) = sign(x) sum_j j |b_j| |x|^(j-1)}, which is exact for
 * {@code x != 0} and gives the subgradient 0 at {@code x = 0} (only the {@code j = 1} term has a kink
 * there). {@code Q''(x) = sum_{j>=2} j (j-1) |b_j| |x|^(j-2)}, exact everywhere except that the
 * Dirac mass of the {@code j = 1} kink at {@code x = 0} is ignored. The coefficient gradient uses
 * {@code sign(b_j) = 0} at {@code b_j = 0}.
 *
 * <p>A {@code PLAIN} denominator may vanish; at a pole the results are whatever IEEE division gives
 * ({@code ±Infinity} or NaN). Use {@link #valueScale} to bound rounding errors: a Horner evaluation
 * in a precision with unit roundoff {@code u} is off by at most about
 * {@code (max(m, k) + 2) u valueScale(x)} (first order, so only while that is small against {@code |R|}
 * or the denominator is far from a root).
 *
 * <p>Gradients are laid out {@code [p_0 .. p_m, denominator coefficients in the order given]}
 * ({@link #coefficientCount()} values). Instances are immutable.
 */
public final class RationalFunction {

    private final double[] numerator;
    private final double[] denominator;
    private final DenominatorKind kind;

    private RationalFunction(double[] numerator, double[] denominator, DenominatorKind kind) {
        this.numerator = numerator;
        this.denominator = denominator;
        this.kind = kind;
    }

    /**
     * {@code P(x)/Q(x)} with {@code Q(x) = q_0 + ... + q_k x^k}.
     *
     * @param numerator   {@code p_0 .. p_m}, at least one, all finite
     * @param denominator {@code q_0 .. q_k}, at least one, all finite, not all zero
     */
    public static RationalFunction plain(double[] numerator, double[] denominator) {
        return of(DenominatorKind.PLAIN, numerator, denominator);
    }

    /**
     * {@code P(x)/Q(x)} with the PAU safe denominator {@code Q(x) = 1 + sum_{j=1..k} |b_j x^j|}.
     *
     * @param numerator    {@code p_0 .. p_m}, at least one, all finite
     * @param denominatorB {@code b_1 .. b_k} (no {@code b_0}), possibly empty, all finite
     */
    public static RationalFunction pauSafe(double[] numerator, double[] denominatorB) {
        return of(DenominatorKind.PAU_SAFE, numerator, denominatorB);
    }

    /** A rational function with a denominator of the given kind (see the factory methods). */
    public static RationalFunction of(DenominatorKind kind, double[] numerator, double[] denominator) {
        if (kind == null) {
            throw new IllegalArgumentException("denominator kind is null");
        }
        checkCoefficients("numerator", numerator, 1);
        checkCoefficients("denominator (" + kind + ")", denominator, kind.minimumCoefficients());
        if (kind == DenominatorKind.PLAIN && Arrays.stream(denominator).allMatch(q -> q == 0)) {
            throw new IllegalArgumentException("PLAIN denominator coefficients are all zero");
        }
        return new RationalFunction(numerator.clone(), denominator.clone(), kind);
    }

    private static void checkCoefficients(String name, double[] coefficients, int minimum) {
        if (coefficients == null) {
            throw new IllegalArgumentException(name + " coefficients are null");
        }
        if (coefficients.length < minimum) {
            throw new IllegalArgumentException(name + " needs at least " + minimum
                    + " coefficient(s), got " + coefficients.length);
        }
        for (int j = 0; j < coefficients.length; j++) {
            if (!Double.isFinite(coefficients[j])) {
                throw new IllegalArgumentException(name + " coefficient " + j + " is not finite: "
                        + coefficients[j]);
            }
        }
    }

    public DenominatorKind denominatorKind() {
        return kind;
    }

    /** {@code m}: the numerator has {@code m + 1} coefficients. */
    public int numeratorDegree() {
        return numerator.length - 1;
    }

    /** {@code k}: {@code q_0 .. q_k} for PLAIN, {@code b_1 .. b_k} for PAU_SAFE. */
    public int denominatorDegree() {
        return kind.degree(denominator.length);
    }

    /** A copy of {@code p_0 .. p_m}. */
    public double[] numerator() {
        return numerator.clone();
    }

    /** A copy of the denominator coefficients as given ({@code q_0 .. q_k} or {@code b_1 .. b_k}). */
    public double[] denominator() {
        return denominator.clone();
    }

    /** Numerator then denominator coefficients, the layout of {@link #coefficientGradient}. */
    public double[] coefficients() {
        double[] all = Arrays.copyOf(numerator, numerator.length + denominator.length);
        System.arraycopy(denominator, 0, all, numerator.length, denominator.length);
        return all;
    }

    /** Length of {@link #coefficients()}. */
    public int coefficientCount() {
        return numerator.length + denominator.length;
    }

    /** {@code P(x)}. */
    public double numeratorValue(double x) {
        return horner(numerator, x);
    }

    /** {@code Q(x)}; {@code >= 1} for PAU_SAFE. */
    public double denominatorValue(double x) {
        if (kind == DenominatorKind.PLAIN) {
            return horner(denominator, x);
        }
        return safeDenominator(Math.abs(x));
    }

    /** {@code R(x) = P(x) / Q(x)}. */
    public double value(double x) {
        return numeratorValue(x) / denominatorValue(x);
    }

    /** {@code R'(x)} by the quotient rule. */
    public double derivative(double x) {
        double[] pd = new double[3];
        double[] qd = new double[3];
        numeratorDerivatives(x, pd);
        denominatorDerivatives(x, qd);
        double q = qd[0];
        return (pd[1] * q - pd[0] * qd[1]) / (q * q);
    }

    /** {@code R''(x)}. */
    public double secondDerivative(double x) {
        double[] pd = new double[3];
        double[] qd = new double[3];
        numeratorDerivatives(x, pd);
        denominatorDerivatives(x, qd);
        double q = qd[0];
        double r = pd[0] / q;
        double dq = qd[1] / q;
        // Written in R and Q'/Q so no Q^3 is formed (it would overflow first).
        return (pd[2] - 2 * (pd[1] / q) * qd[1] - r * qd[2]) / q + 2 * r * dq * dq;
    }

    /**
     * Writes {@code dR(x)/dc} for every coefficient {@code c} (layout of {@link #coefficients()})
     * into {@code gradient[offset ..]} (overwrites).
     */
    public void coefficientGradient(double x, double[] gradient, int offset) {
        if (gradient == null || offset < 0 || offset + coefficientCount() > gradient.length) {
            throw new IllegalArgumentException("gradient needs " + coefficientCount()
                    + " doubles from offset " + offset + ", array has "
                    + (gradient == null ? "null" : gradient.length));
        }
        double q = denominatorValue(x);
        double r = numeratorValue(x) / q;
        double power = 1;
        for (int j = 0; j < numerator.length; j++) {
            gradient[offset + j] = power / q;
            power *= x;
        }
        int base = offset + numerator.length;
        if (kind == DenominatorKind.PLAIN) {
            power = 1;
            for (int j = 0; j < denominator.length; j++) {
                gradient[base + j] = -r * power / q;
                power *= x;
            }
        } else {
            double ax = Math.abs(x);
            power = ax;
            for (int j = 0; j < denominator.length; j++) {
                gradient[base + j] = -r * Math.signum(denominator[j]) * power / q;
                power *= ax;
            }
        }
    }

    /** {@code sum_j |p_j| |x|^j}: the scale the rounding error of {@code P(x)} is relative to. */
    public double numeratorScale(double x) {
        return absoluteHorner(numerator, Math.abs(x));
    }

    /**
     * {@code sum_j |q_j| |x|^j} (PLAIN) or {@code Q(x)} itself (PAU_SAFE, whose terms are all
     * non-negative): the scale the rounding error of {@code Q(x)} is relative to.
     * {@code denominatorScale(x) / |Q(x)|} is the condition number of the denominator at {@code x}.
     */
    public double denominatorScale(double x) {
        if (kind == DenominatorKind.PLAIN) {
            return absoluteHorner(denominator, Math.abs(x));
        }
        return safeDenominator(Math.abs(x));
    }

    /**
     * {@code (numeratorScale(x) + |R(x)| denominatorScale(x)) / |Q(x)|}: first-order, the absolute
     * error of a Horner evaluation of {@code R(x)} with unit roundoff {@code u} is at most about
     * {@code (max(m, k) + 2) u valueScale(x)}.
     */
    public double valueScale(double x) {
        double q = Math.abs(denominatorValue(x));
        double r = Math.abs(numeratorValue(x) / q);
        return (numeratorScale(x) + r * denominatorScale(x)) / q;
    }

    @Override
    public String toString() {
        return "RationalFunction(" + kind + ", numerator " + Arrays.toString(numerator)
                + ", denominator " + Arrays.toString(denominator) + ")";
    }

    /** {@code sum_j c_j x^j}, Horner with FMA. */
    static double horner(double[] c, double x) {
        double acc = c[c.length - 1];
        for (int j = c.length - 2; j >= 0; j--) {
            acc = Math.fma(acc, x, c[j]);
        }
        return acc;
    }

    private static double absoluteHorner(double[] c, double ax) {
        double acc = Math.abs(c[c.length - 1]);
        for (int j = c.length - 2; j >= 0; j--) {
            acc = Math.fma(acc, ax, Math.abs(c[j]));
        }
        return acc;
    }

    /** {@code 1 + sum_j |b_j| t^j} for {@code t = |x| >= 0}. */
    private double safeDenominator(double t) {
        if (denominator.length == 0) {
            return 1;
        }
        double acc = Math.abs(denominator[denominator.length - 1]);
        for (int j = denominator.length - 2; j >= 0; j--) {
            acc = Math.fma(acc, t, Math.abs(denominator[j]));
        }
        return Math.fma(acc, t, 1);
    }

    /** {@code [P, P', P'']} at {@code x}. */
    private void numeratorDerivatives(double x, double[] out) {
        hornerWithDerivatives(numerator, x, out);
    }

    /** {@code [Q, Q', Q'']} at {@code x} (PAU_SAFE: chain rule through {@code |x|}, sign(0) = 0). */
    private void denominatorDerivatives(double x, double[] out) {
        if (kind == DenominatorKind.PLAIN) {
            hornerWithDerivatives(denominator, x, out);
            return;
        }
        // Q(x) = S(|x|) with S(t) = 1 + sum_j |b_j| t^j, so Q' = sign(x) S'(|x|) and Q'' = S''(|x|).
        safeDenominatorDerivatives(Math.abs(x), out);
        out[1] *= Math.signum(x);
    }

    /**
     * {@code [S(t), S'(t), S''(t)]} for {@code S(t) = 1 + sum_{j=1..k} |b_j| t^j}: Horner with
     * derivatives over the coefficient vector {@code [1, |b_1|, .., |b_k|]}.
     */
    private void safeDenominatorDerivatives(double t, double[] out) {
        double value = Math.abs(denominator.length == 0 ? 1 : denominator[denominator.length - 1]);
        double first = 0;
        double halfSecond = 0;
        for (int j = denominator.length - 1; j >= 0; j--) {
            double c = j == 0 ? 1 : Math.abs(denominator[j - 1]);
            halfSecond = Math.fma(halfSecond, t, first);
            first = Math.fma(first, t, value);
            value = Math.fma(value, t, c);
        }
        out[0] = value;
        out[1] = first;
        out[2] = 2 * halfSecond;
    }

    /**
     * {@code [C, C', C'']} for {@code C(x) = sum_j c_j x^j}: Horner carrying the derivatives
     * ({@code halfSecond} accumulates {@code C''/2}).
     */
    private static void hornerWithDerivatives(double[] c, double x, double[] out) {
        double value = c[c.length - 1];
        double first = 0;
        double halfSecond = 0;
        for (int j = c.length - 2; j >= 0; j--) {
            halfSecond = Math.fma(halfSecond, x, first);
            first = Math.fma(first, x, value);
            value = Math.fma(value, x, c[j]);
        }
        out[0] = value;
        out[1] = first;
        out[2] = 2 * halfSecond;
    }
}
