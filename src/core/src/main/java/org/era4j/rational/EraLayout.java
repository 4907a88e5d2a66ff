package org.era4j.rational;

/**
 * Index helpers for one ERA parameter set {@code [a, b, c1, d1, e1, f1, ..., cn, dn, en, fn]} and
 * conversion to and from the reference implementation's split into a "numerator" vector
 * {@code [a, b, c1, d1, ..., cn, dn]} (2n+2 values) and a "denominator" vector
 * {@code [e1, f1, ..., en, fn]} (2n values).
 */
public final class EraLayout {

    public static final int A = 0;
    public static final int B = 1;

    private EraLayout() {
    }

    /** Index of {@code c_i} (i counted from 0) within a set. */
    public static int c(int fraction) {
        return 2 + 4 * fraction;
    }

    /** Index of {@code d_i}. */
    public static int d(int fraction) {
        return 3 + 4 * fraction;
    }

    /** Index of {@code e_i}. */
    public static int e(int fraction) {
        return 4 + 4 * fraction;
    }

    /** Index of {@code f_i}. */
    public static int f(int fraction) {
        return 5 + 4 * fraction;
    }

    /** Human-readable name of parameter {@code index} of a set, e.g. {@code "e2"}. */
    public static String name(int index) {
        if (index == A) {
            return "a";
        }
        if (index == B) {
            return "b";
        }
        int fraction = (index - 2) / 4 + 1;
        return "cdef".charAt((index - 2) % 4) + Integer.toString(fraction);
    }

    /**
     * Builds a parameter set from the reference code's split.
     *
     * @param numerator   {@code [a, b, c1, d1, ..., cn, dn]}, length 2n+2
     * @param denominator {@code [e1, f1, ..., en, fn]}, length 2n
     */
    public static float[] fromReference(EraSpec spec, double[] numerator, double[] denominator) {
        int n = spec.fractions();
        if (numerator.length != 2 * n + 2) {
            throw new IllegalArgumentException("reference numerator for n=" + n + " needs "
                    + (2 * n + 2) + " values [a, b, c1, d1, ...], got " + numerator.length);
        }
        if (denominator.length != 2 * n) {
            throw new IllegalArgumentException("reference denominator for n=" + n + " needs "
                    + 2 * n + " values [e1, f1, ...], got " + denominator.length);
        }
        float[] params = new float[spec.parameterCount()];
        params[A] = (float) numerator[0];
        params[B] = (float) numerator[1];
        for (int i = 0; i < n; i++) {
            params[c(i)] = (float) numerator[2 + 2 * i];
            params[d(i)] = (float) numerator[3 + 2 * i];
            params[e(i)] = (float) denominator[2 * i];
            params[f(i)] = (float) denominator[2 * i + 1];
        }
        return params;
    }

    /** The reference code's numerator vector {@code [a, b, c1, d1, ...]} of one set. */
    public static double[] referenceNumerator(EraSpec spec, float[] params, int offset) {
        spec.checkParameters(params, offset, 1);
        int n = spec.fractions();
        double[] numerator = new double[2 * n + 2];
        numerator[0] = params[offset + A];
        numerator[1] = params[offset + B];
        for (int i = 0; i < n; i++) {
            numerator[2 + 2 * i] = params[offset + c(i)];
            numerator[3 + 2 * i] = params[offset + d(i)];
        }
        return numerator;
    }

    /** The reference code's denominator vector {@code [e1, f1, ...]} of one set. */
    public static double[] referenceDenominator(EraSpec spec, float[] params, int offset) {
        spec.checkParameters(params, offset, 1);
        int n = spec.fractions();
        double[] denominator = new double[2 * n];
        for (int i = 0; i < n; i++) {
            denominator[2 * i] = params[offset + e(i)];
            denominator[2 * i + 1] = params[offset + f(i)];
        }
        return denominator;
    }
}
