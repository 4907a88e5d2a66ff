package org.era4j.kernel;

import org.era4j.rational.DenominatorKind;

/**
 * Float32 scalar twin of {@link HornerRationalVector}: {@code y[i] = P(x[i]) / Q(x[i])} in
 * coefficient form, Horner with {@link Math#fma}, one division per element, in exactly the vector
 * kernel's operation order (so the two agree bit for bit).
 *
 * <p>Coefficients are one float array {@code coefficients[offset ..]}: {@code numeratorCount}
 * values {@code p_0 .. p_m}, then {@code denominatorCount} denominator values read per
 * {@link DenominatorKind}: {@code q_0 .. q_k} (PLAIN) or {@code b_1 .. b_k} (PAU_SAFE,
 * {@code Q = 1 + sum_j |b_j| |x|^j}, evaluated by Horner in {@code |x|} so it is {@code >= 1}).
 * This is the layout of {@link org.era4j.rational.RationalFunction#coefficients()}.
 *
 * <p>Accuracy: with {@code u = 2^-24}, {@code |y - R(x)| <= (max(m, k) + 2) u valueScale(x)} to
 * first order, {@code valueScale} as in {@link org.era4j.rational.RationalFunction#valueScale},
 * plus the error of rounding the coefficients to float32 (of the same order), as long as the
 * polynomial values fit in float32: for large {@code |x|}, {@code P} or {@code Q} overflows to
 * infinity before the division even where {@code R(x)} itself is representable. A PLAIN denominator
 * that rounds to 0 gives {@code ±Infinity} or NaN. Non-finite {@code x} follows IEEE arithmetic
 * without taking limits: NaN gives NaN, and an infinite {@code x} gives NaN whenever both
 * polynomials are non-constant.
 */
public final class HornerRationalScalar {

    private HornerRationalScalar() {
    }

    /**
     * {@code y[yOffset + i] = P(x[xOffset + i]) / Q(x[xOffset + i])} for {@code i < length}.
     * {@code y} may be {@code x} at the same offset (in place); partial overlap is rejected.
     */
    public static void forward(DenominatorKind kind, float[] coefficients, int offset,
                               int numeratorCount, int denominatorCount,
                               float[] x, int xOffset, float[] y, int yOffset, int length) {
        checkForward(kind, coefficients, offset, numeratorCount, denominatorCount, x, xOffset, y, yOffset, length);
        forwardFrom(kind, coefficients, offset, numeratorCount, denominatorCount, x, xOffset, y, yOffset, 0, length);
    }

    /** One value, float32, in the kernel's operation order. */
    public static float value(DenominatorKind kind, float[] c, int offset, int numeratorCount,
                              int denominatorCount, float x) {
        float p = c[offset + numeratorCount - 1];
        for (int j = numeratorCount - 2; j >= 0; j--) {
            p = Math.fma(p, x, c[offset + j]);
        }
        int d = offset + numeratorCount;
        float q;
        if (kind == DenominatorKind.PLAIN) {
            q = c[d + denominatorCount - 1];
            for (int j = denominatorCount - 2; j >= 0; j--) {
                q = Math.fma(q, x, c[d + j]);
            }
        } else {
            q = 1f;
            if (denominatorCount > 0) {
                float ax = Math.abs(x);
                q = Math.abs(c[d + denominatorCount - 1]);
                for (int j = denominatorCount - 2; j >= 0; j--) {
                    q = Math.fma(q, ax, Math.abs(c[d + j]));
                }
                q = Math.fma(q, ax, 1f);
            }
        }
        return p / q;
    }

    /** Elements {@code from .. length-1}: the tail of the vector kernel. Unchecked. */
    static void forwardFrom(DenominatorKind kind, float[] c, int offset, int numeratorCount, int denominatorCount,
                            float[] x, int xOffset, float[] y, int yOffset, int from, int length) {
        for (int i = from; i < length; i++) {
            y[yOffset + i] = value(kind, c, offset, numeratorCount, denominatorCount, x[xOffset + i]);
        }
    }

    static void checkForward(DenominatorKind kind, float[] coefficients, int offset,
                             int numeratorCount, int denominatorCount,
                             float[] x, int xOffset, float[] y, int yOffset, int length) {
        if (kind == null) {
            throw new IllegalArgumentException("denominator kind is null");
        }
        if (numeratorCount < 1) {
            throw new IllegalArgumentException("numeratorCount must be >= 1, got " + numeratorCount);
        }
        if (denominatorCount < kind.minimumCoefficients()) {
            throw new IllegalArgumentException("denominatorCount for " + kind + " must be >= "
                    + kind.minimumCoefficients() + ", got " + denominatorCount);
        }
        Checks.range("coefficients", coefficients, offset, numeratorCount + denominatorCount);
        Checks.range("x", x, xOffset, length);
        Checks.range("y", y, yOffset, length);
        Checks.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
    }
}
