package org.era4j.fit;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;

/**
 * Rounds a float64 ERA fit to float32 so that little of its accuracy is lost. Plain rounding of
 * an ill-conditioned fit (large terms that cancel) perturbs every parameter by up to half an ulp,
 * and those errors add up in sigma. Here the poles {@code e_i, f_i} are rounded first, then the
 * linear parameters {@code a, b, c_i, d_i} one at a time, largest first, each time re-solving the
 * remaining unrounded linear parameters by least squares on the fitting grid so they absorb the
 * rounding error made so far (sigma is linear in them, so each re-solve is exact):
 *
 * <pre>
 *   for k in linear parameters by decreasing |l_k|:
 *       l_rest = argmin | Phi_rest l_rest - (y - Phi_done l_done) |,   then l_k = fl32(l_k)
 * </pre>
 */
final class Float32Rounding {

    private Float32Rounding() {
    }

    /** Plain round-to-nearest of every parameter. */
    static float[] plain(double[] p) {
        float[] out = new float[p.length];
        for (int k = 0; k < p.length; k++) {
            out[k] = (float) p[k];
        }
        return out;
    }

    /** Sequential rounding with re-solves (see the class comment) on the grid {@code (x, y)}. */
    static float[] sequential(EraSpec spec, double[] p, double[] x, double[] y) {
        int n = spec.fractions();
        double[] work = p.clone();
        for (int i = 0; i < n; i++) {
            work[EraLayout.e(i)] = (float) work[EraLayout.e(i)];
            work[EraLayout.f(i)] = (float) work[EraLayout.f(i)];
        }
        int[] linear = new int[2 * n + 2];
        linear[0] = EraLayout.A;
        linear[1] = EraLayout.B;
        for (int i = 0; i < n; i++) {
            linear[2 + 2 * i] = EraLayout.c(i);
            linear[3 + 2 * i] = EraLayout.d(i);
        }
        double[][] phi = basis(spec, work, x, linear);
        boolean[] done = new boolean[linear.length];
        for (int step = 0; step < linear.length; step++) {
            resolve(work, phi, y, linear, done);
            int largest = -1;
            for (int k = 0; k < linear.length; k++) {
                if (!done[k] && (largest < 0 || Math.abs(work[linear[k]]) > Math.abs(work[linear[largest]]))) {
                    largest = k;
                }
            }
            work[linear[largest]] = (float) work[linear[largest]];
            done[largest] = true;
        }
        return plain(work);
    }

    /** Columns {@code x, 1, x/q_i, 1/q_i} in the order of {@code linear}, one row per point. */
    private static double[][] basis(EraSpec spec, double[] p, double[] x, int[] linear) {
        double[][] phi = new double[x.length][linear.length];
        for (int j = 0; j < x.length; j++) {
            phi[j][0] = x[j];
            phi[j][1] = 1;
            for (int i = 0; i < spec.fractions(); i++) {
                double w = 1 / EraReference.quadratic(spec, p, 0, i, x[j]);
                phi[j][2 + 2 * i] = x[j] * w;
                phi[j][3 + 2 * i] = w;
            }
        }
        return phi;
    }

    /** Least-squares re-solve of the linear parameters not yet rounded; keeps them if singular. */
    private static void resolve(double[] work, double[][] phi, double[] y, int[] linear, boolean[] done) {
        int free = 0;
        for (boolean d : done) {
            free += d ? 0 : 1;
        }
        double[][] design = new double[y.length][free];
        double[] rhs = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            double r = y[j];
            int col = 0;
            for (int k = 0; k < linear.length; k++) {
                if (done[k]) {
                    r -= phi[j][k] * work[linear[k]];
                } else {
                    design[j][col++] = phi[j][k];
                }
            }
            rhs[j] = r;
        }
        double[] solution;
        try {
            solution = new QRDecomposition(new Array2DRowRealMatrix(design, false), 1e-14)
                    .getSolver().solve(new ArrayRealVector(rhs, false)).toArray();
        } catch (SingularMatrixException e) {
            return;
        }
        int col = 0;
        for (int k = 0; k < linear.length; k++) {
            if (!done[k]) {
                work[linear[k]] = solution[col++];
            }
        }
    }
}
