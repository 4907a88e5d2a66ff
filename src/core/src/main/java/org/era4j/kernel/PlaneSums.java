package org.era4j.kernel;

/**
 * Float64 sums over a run of floats, for normalisation statistics and their gradients, with the
 * Vector API ({@code PlaneSumsVector}) when {@link VectorSupport#enabled()}.
 *
 * <p>The order of the additions is fixed by a lane count L (the float species' lanes, or
 * {@value #SCALAR_LANES} without the vector module): element {@code from + i} of the first
 * {@code L * floor(n / L)} goes to accumulator {@code i mod L}; the accumulators are folded
 * pairwise ({@code a[k] += a[k + width / 2]}, halving the width), and the remaining elements are
 * added last, in order. The scalar twins take L as an argument and follow the same order, so they
 * give the vector kernels' bits; results depend on L, never on threads.
 */
public final class PlaneSums {

    /** Lane count of the order used when the vector module is absent (independent chains for the adder). */
    public static final int SCALAR_LANES = 4;

    private PlaneSums() {
    }

    /** The lane count that fixes the order of these sums in this JVM. */
    public static int lanes() {
        return VectorSupport.enabled() ? VectorSupport.floatLanes() : SCALAR_LANES;
    }

    /** {@code sum x[from + i]}, {@code i < n}. */
    public static double sum(float[] x, int from, int n) {
        return VectorSupport.enabled() ? PlaneSumsVector.sum(x, from, n) : sumScalar(x, from, n, SCALAR_LANES);
    }

    /** {@code sum (x[from + i] - mean)^2} in float64, {@code i < n}. */
    public static double squaredDeviations(float[] x, int from, int n, double mean) {
        return VectorSupport.enabled() ? PlaneSumsVector.squaredDeviations(x, from, n, mean)
                : squaredDeviationsScalar(x, from, n, mean, SCALAR_LANES);
    }

    /**
     * {@code out[at] = sum g}, {@code out[at + 1] = sum g * xhat} with the float32
     * {@code xhat = (x - mean) * inv}, over {@code [from, from + n)}: the two sums of a
     * normalisation's backward pass.
     */
    public static void gradientSums(float[] g, float[] x, int from, int n, float mean, float inv, double[] out, int at) {
        if (VectorSupport.enabled()) {
            PlaneSumsVector.gradientSums(g, x, from, n, mean, inv, out, at);
        } else {
            gradientSumsScalar(g, x, from, n, mean, inv, out, at, SCALAR_LANES);
        }
    }

    /** Scalar twin of {@link #sum} in the order of {@code lanes} (a power of two). */
    public static double sumScalar(float[] x, int from, int n, int lanes) {
        double[] acc = new double[lanes];
        int full = n / lanes * lanes;
        for (int i = 0; i < full; i++) {
            acc[i % lanes] += x[from + i];
        }
        double total = fold(acc);
        for (int i = full; i < n; i++) {
            total += x[from + i];
        }
        return total;
    }

    /** Scalar twin of {@link #squaredDeviations} in the order of {@code lanes}. */
    public static double squaredDeviationsScalar(float[] x, int from, int n, double mean, int lanes) {
        double[] acc = new double[lanes];
        int full = n / lanes * lanes;
        for (int i = 0; i < full; i++) {
            double d = x[from + i] - mean;
            acc[i % lanes] += d * d;
        }
        double total = fold(acc);
        for (int i = full; i < n; i++) {
            double d = x[from + i] - mean;
            total += d * d;
        }
        return total;
    }

    /** Scalar twin of {@link #gradientSums} in the order of {@code lanes}. */
    public static void gradientSumsScalar(float[] g, float[] x, int from, int n, float mean, float inv,
                                          double[] out, int at, int lanes) {
        double[] sumG = new double[lanes];
        double[] sumGy = new double[lanes];
        int full = n / lanes * lanes;
        for (int i = 0; i < full; i++) {
            float gi = g[from + i];
            sumG[i % lanes] += gi;
            sumGy[i % lanes] += (double) gi * ((x[from + i] - mean) * inv);
        }
        double totalG = fold(sumG);
        double totalGy = fold(sumGy);
        for (int i = full; i < n; i++) {
            float gi = g[from + i];
            totalG += gi;
            totalGy += (double) gi * ((x[from + i] - mean) * inv);
        }
        out[at] = totalG;
        out[at + 1] = totalGy;
    }

    /** Folds accumulators pairwise: {@code a[k] += a[k + width / 2]} while the width exceeds 1. */
    static double fold(double[] acc) {
        for (int width = acc.length; width > 1; width /= 2) {
            int half = width / 2;
            for (int k = 0; k < half; k++) {
                acc[k] += acc[k + half];
            }
        }
        return acc[0];
    }
}
