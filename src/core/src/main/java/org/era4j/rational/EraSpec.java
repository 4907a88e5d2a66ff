package org.era4j.rational;

/**
 * The shape of one enhanced rational activation (ERA): how many partial fractions it has and the
 * safety margin {@code eps} added to every denominator quadratic.
 *
 * <pre>
 *   sigma(x) = a*x + b + sum_{i=1..n} (c_i*x + d_i) / ((x - e_i)^2 + f_i^2 + eps)
 * </pre>
 *
 * With {@code n} fractions the numerator has degree {@code 2n+1} and the denominator degree
 * {@code 2n} (the paper's "5/4" is {@code n = 2}, "3/2" is {@code n = 1}). Because every quadratic
 * is at least {@code eps > 0} for every real {@code x} and every parameter value, the function has
 * no poles.
 *
 * <p>Parameters of one set are laid out as {@code [a, b, c1, d1, e1, f1, ..., cn, dn, en, fn]}
 * ({@link #parameterCount()} = {@code 4n + 2} floats); see {@link EraLayout} for index helpers and
 * conversion to the reference code's numerator/denominator split.
 *
 * <p>{@code eps} is held as a {@code float} so the float32 kernels and the float64 reference use
 * exactly the same value.
 */
public record EraSpec(int fractions, float eps) {

    /** Smallest number of partial fractions. */
    public static final int MIN_FRACTIONS = 1;
    /** Largest number of partial fractions (denominator degree 16). */
    public static final int MAX_FRACTIONS = 8;
    /**
     * Default eps. Small enough that fitted shapes are unaffected (the fit sees the same eps), large
     * enough that {@code 1/q <= 1000}, which bounds every gradient for bounded parameters.
     */
    public static final float DEFAULT_EPS = 1e-3f;
    /**
     * Smallest accepted eps: it bounds {@code 1/q <= 1e12} and {@code 1/q^2 <= 1e24}, so values and
     * gradients of bounded parameters stay far inside float32 range.
     */
    public static final float MIN_EPS = 1e-12f;

    public EraSpec {
        if (fractions < MIN_FRACTIONS || fractions > MAX_FRACTIONS) {
            throw new IllegalArgumentException("ERA fractions must be in [" + MIN_FRACTIONS + ", "
                    + MAX_FRACTIONS + "] (denominator degree 2..16), got " + fractions);
        }
        if (!(eps >= MIN_EPS) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("ERA eps must be finite and >= " + MIN_EPS
                    + " so the denominator stays positive, got " + eps);
        }
    }

    /** An ERA with {@code fractions} partial fractions and {@link #DEFAULT_EPS}. */
    public static EraSpec of(int fractions) {
        return new EraSpec(fractions, DEFAULT_EPS);
    }

    /**
     * An ERA of the given even denominator degree ({@code 2, 4, ..., 16}); the CLI's
     * {@code --degree}.
     */
    public static EraSpec ofDenominatorDegree(int denominatorDegree, float eps) {
        if (denominatorDegree < 2 || denominatorDegree > 2 * MAX_FRACTIONS || denominatorDegree % 2 != 0) {
            throw new IllegalArgumentException("ERA denominator degree must be even and in [2, "
                    + 2 * MAX_FRACTIONS + "], got " + denominatorDegree);
        }
        return new EraSpec(denominatorDegree / 2, eps);
    }

    /** Floats in one parameter set: {@code 4n + 2}. */
    public int parameterCount() {
        return 4 * fractions + 2;
    }

    /** Degree of the denominator polynomial, {@code 2n}. */
    public int denominatorDegree() {
        return 2 * fractions;
    }

    /** Degree of the numerator polynomial, {@code 2n + 1}. */
    public int numeratorDegree() {
        return 2 * fractions + 1;
    }

    /** Throws unless {@code params[offset .. offset + sets * parameterCount())} exists. */
    public void checkParameters(float[] params, int offset, int sets) {
        if (params == null) {
            throw new IllegalArgumentException("ERA parameters are null");
        }
        long needed = (long) sets * parameterCount();
        if (offset < 0 || offset + needed > params.length) {
            throw new IllegalArgumentException("ERA parameters: need " + needed + " floats ("
                    + sets + " set(s) of " + parameterCount() + " for n=" + fractions
                    + ") from offset " + offset + ", array has " + params.length);
        }
    }

    @Override
    public String toString() {
        return "ERA(n=" + fractions + ", degree " + numeratorDegree() + "/" + denominatorDegree()
                + ", eps=" + eps + ")";
    }
}
