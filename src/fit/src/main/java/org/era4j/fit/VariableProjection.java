package org.era4j.fit;

import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;

/**
 * The ERA least-squares problem with its linear parameters projected out (Golub-Pereyra variable
 * projection, Kaufman's Jacobian). sigma is linear in {@code a, b, c_i, d_i} once the poles
 * {@code theta = [e1, f1, ..., en, fn]} are fixed:
 *
 * <pre>
 *   sigma(x) = Phi(x; theta) . l,     Phi = [x, 1, x/q_1, 1/q_1, ..., x/q_n, 1/q_n],  l = [a, b, c1, d1, ...]
 *   l(theta) = argmin |Phi l - y|       (thin QR: Phi = Q R, l = R^-1 Q^T y)
 *   J_k      = (I - Q Q^T) d sigma / d theta_k                            (Kaufman)
 * </pre>
 *
 * The optimiser then works on {@code 2n} pole parameters only, which removes the long curved
 * valley in which the linear and pole parameters trade off against each other (a full
 * Levenberg-Marquardt crawls along it for thousands of steps). Model values are {@code sigma}
 * evaluated with the assembled parameters, so the cost tracked is the cost of a real parameter set.
 * The lowest-cost set evaluated is remembered ({@link #bestParams()}).
 */
final class VariableProjection implements MultivariateJacobianFunction {

    /** Columns whose orthogonal remainder is below this fraction of their norm count as dependent. */
    private static final double RANK_TOLERANCE = 1e-13;

    private final EraSpec spec;
    private final double[] x;
    private final double[] y;
    private final int linear;
    private final double poleBound;
    private double bestCost = Double.POSITIVE_INFINITY;
    private double[] best;

    /**
     * @param poleBound every pole parameter is held to {@code |theta_k| <= poleBound} through
     *                  {@code theta = B sin(u / B)}; without it a pole can drift to infinity where
     *                  the cost still falls a little but the linear parameters explode
     */
    VariableProjection(EraSpec spec, double[] x, double[] y, double poleBound) {
        this.spec = spec;
        this.x = x;
        this.y = y;
        this.linear = 2 * spec.fractions() + 2;
        this.poleBound = poleBound;
    }

    /** Optimiser coordinates {@code u = B asin(theta / B)} of poles inside the bound. */
    double[] toInternal(double[] theta) {
        double[] u = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double t = Math.max(-0.999, Math.min(0.999, theta[k] / poleBound));
            u[k] = poleBound * StrictMath.asin(t);
        }
        return u;
    }

    /** The pole parameters {@code [e1, f1, ...]} of a full set. */
    static double[] poles(EraSpec spec, double[] params) {
        double[] theta = new double[2 * spec.fractions()];
        for (int i = 0; i < spec.fractions(); i++) {
            theta[2 * i] = params[EraLayout.e(i)];
            theta[2 * i + 1] = params[EraLayout.f(i)];
        }
        return theta;
    }

    /**
     * The full parameter set for poles {@code theta} with the optimal linear parameters; the
     * orthonormal basis Q of Phi's columns is left in {@code q} ({@code linear} arrays of length m).
     */
    private double[] assemble(double[] theta, double[][] q) {
        int m = x.length;
        int n = spec.fractions();
        double[] p = new double[spec.parameterCount()];
        for (int i = 0; i < n; i++) {
            p[EraLayout.e(i)] = theta[2 * i];
            p[EraLayout.f(i)] = theta[2 * i + 1];
        }
        basis(p, q);
        double[][] r = new double[linear][linear];
        orthonormalise(q, r);
        double[] z = new double[linear];
        for (int k = 0; k < linear; k++) {
            z[k] = dot(q[k], y, m);
        }
        double[] l = new double[linear];
        for (int k = linear - 1; k >= 0; k--) {
            if (r[k][k] == 0) {
                continue; // dependent column: its coefficient stays 0
            }
            double s = z[k];
            for (int c = k + 1; c < linear; c++) {
                s -= r[k][c] * l[c];
            }
            l[k] = s / r[k][k];
        }
        p[EraLayout.A] = l[0];
        p[EraLayout.B] = l[1];
        for (int i = 0; i < n; i++) {
            p[EraLayout.c(i)] = l[2 + 2 * i];
            p[EraLayout.d(i)] = l[3 + 2 * i];
        }
        return p;
    }

    @Override
    public Pair<RealVector, RealMatrix> value(RealVector point) {
        double[] u = point.toArray();
        double[] theta = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            theta[k] = poleBound * StrictMath.sin(u[k] / poleBound);
        }
        int m = x.length;
        double[][] q = new double[linear][m];
        double[] p = assemble(theta, q);
        double[] values = new double[m];
        double[][] g = new double[2 * spec.fractions()][m];
        double[] gradient = new double[spec.parameterCount()];
        double cost = 0;
        for (int j = 0; j < m; j++) {
            values[j] = EraReference.value(spec, p, 0, x[j]);
            double res = values[j] - y[j];
            cost += res * res;
            EraReference.parameterGradient(spec, p, 0, x[j], gradient, 0);
            for (int i = 0; i < spec.fractions(); i++) {
                g[2 * i][j] = gradient[EraLayout.e(i)];
                g[2 * i + 1][j] = gradient[EraLayout.f(i)];
            }
        }
        for (double[] column : g) {
            project(q, column);
        }
        double[] chain = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            chain[k] = StrictMath.cos(u[k] / poleBound);
        }
        double[][] jacobian = new double[m][g.length];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < g.length; k++) {
                jacobian[j][k] = g[k][j] * chain[k];
            }
        }
        if (cost < bestCost) {
            bestCost = cost;
            best = p;
        }
        return new Pair<>(new ArrayRealVector(values, false), new Array2DRowRealMatrix(jacobian, false));
    }

    /** The lowest-cost full parameter set evaluated so far. */
    double[] bestParams() {
        return best.clone();
    }

    /** Writes the columns of Phi, one array per column: {@code x, 1, x/q_i, 1/q_i}. */
    private void basis(double[] p, double[][] columns) {
        int m = x.length;
        for (int j = 0; j < m; j++) {
            columns[0][j] = x[j];
            columns[1][j] = 1;
            for (int i = 0; i < spec.fractions(); i++) {
                double w = 1 / EraReference.quadratic(spec, p, 0, i, x[j]);
                columns[2 + 2 * i][j] = x[j] * w;
                columns[3 + 2 * i][j] = w;
            }
        }
    }

    /**
     * Modified Gram-Schmidt, applied twice per column (re-orthogonalisation keeps Q orthonormal
     * to working precision even for the near-dependent columns of close poles). Turns the columns
     * into Q in place and fills the upper triangle of R; a dependent column becomes zero with
     * {@code R[k][k] = 0}.
     */
    private void orthonormalise(double[][] q, double[][] r) {
        int m = x.length;
        for (int k = 0; k < q.length; k++) {
            double original = Math.sqrt(dot(q[k], q[k], m));
            for (int pass = 0; pass < 2; pass++) {
                for (int c = 0; c < k; c++) {
                    double h = dot(q[c], q[k], m);
                    r[c][k] += h;
                    axpy(-h, q[c], q[k], m);
                }
            }
            double norm = Math.sqrt(dot(q[k], q[k], m));
            if (!(norm > RANK_TOLERANCE * original)) {
                java.util.Arrays.fill(q[k], 0);
                r[k][k] = 0;
                continue;
            }
            r[k][k] = norm;
            for (int j = 0; j < m; j++) {
                q[k][j] /= norm;
            }
        }
    }

    /** {@code v -= Q Q^T v}, twice for the same reason as above. */
    private static void project(double[][] q, double[] v) {
        int m = v.length;
        for (int pass = 0; pass < 2; pass++) {
            for (double[] column : q) {
                axpy(-dot(column, v, m), column, v, m);
            }
        }
    }

    private static double dot(double[] a, double[] b, int m) {
        double s = 0;
        for (int j = 0; j < m; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static void axpy(double alpha, double[] a, double[] b, int m) {
        for (int j = 0; j < m; j++) {
            b[j] += alpha * a[j];
        }
    }
}
