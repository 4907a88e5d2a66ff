package org.era4j.rational;

/**
 * How the denominator coefficients of a {@link RationalFunction} (and of the float32 Horner kernels)
 * are read.
 *
 * <ul>
 *   <li>{@link #PLAIN}: {@code k+1} coefficients {@code q_0 .. q_k} (lowest degree first),
 *       {@code Q(x) = sum_{j=0..k} q_j x^j}. May have real roots (poles); nothing is added.</li>
 *   <li>{@link #PAU_SAFE}: {@code k} coefficients {@code b_1 .. b_k} (there is <em>no</em>
 *       {@code b_0}; the constant is fixed at 1), {@code Q(x) = 1 + sum_{j=1..k} |b_j x^j|}. This is
 *       the "safe" denominator of the Padé Activation Unit (Molina, Schramowski, Kersting, ICLR 2020)
 *       as implemented by version "A" of the PAU / rational_activations code, whose denominator
 *       weight {@code w[j-1]} multiplies {@code x^j}; a PAU of degree (5, 4) therefore loads as 6
 *       numerator and 4 denominator coefficients. {@code Q >= 1} for every real {@code x}.</li>
 * </ul>
 */
public enum DenominatorKind {
    /** {@code Q(x) = q_0 + q_1 x + ... + q_k x^k}, coefficients {@code q_0 .. q_k}. */
    PLAIN,
    /** {@code Q(x) = 1 + |b_1 x| + ... + |b_k x^k|}, coefficients {@code b_1 .. b_k}. */
    PAU_SAFE;

    /** Smallest number of denominator coefficients this kind accepts (PLAIN needs q_0). */
    public int minimumCoefficients() {
        return this == PLAIN ? 1 : 0;
    }

    /** Degree of the denominator described by {@code count} coefficients of this kind. */
    public int degree(int count) {
        return this == PLAIN ? count - 1 : count;
    }
}
