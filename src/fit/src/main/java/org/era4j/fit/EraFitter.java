package org.era4j.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraFit;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.era4j.rational.FitErrors;
import org.era4j.rational.FitProblem;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraLayout;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;

/**
 * Least-squares fit of an ERA to an {@link ActivationTarget}: minimises
 *
 * <pre>
 *   sum_j (sigma(x_j; p) - target(x_j))^2,    x_j evenly spaced on [lower, upper], j &lt; FIT_POINTS
 * </pre>
 *
 * with commons-math3's Levenberg-Marquardt and the analytic Jacobian of
 * {@link EraReference#parameterGradient}, from several deterministic starts:
 * <ol>
 *   <li>all ones (the reference code's start; often a poor local minimum, kept for comparison);</li>
 *   <li>the best fit with {@code n - 1} fractions, as it is and with its extra fraction placed at
 *       each of {@link #GROWTH_STARTS} positions across the interval (the sizes are fitted in
 *       order, so the {@code n} fit is never worse than the {@code n - 1} one);</li>
 *   <li>{@link #RANDOM_STARTS} seeded random poles {@code (e_i, f_i)}.</li>
 * </ol>
 * Every start gets its linear parameters {@code a, b, c_i, d_i} from a linear least-squares solve
 * (sigma is linear in them once {@code e, f} are fixed), which makes even random starts good.
 *
 * <p>From each start, <b>variable projection</b> ({@link VariableProjection}) optimises the
 * {@code 2n} pole parameters with the linear ones solved exactly at every step; it converges in
 * tens of steps where a full Levenberg-Marquardt crawls for thousands along the valley of large
 * cancelling terms. With a finite bound {@code M} ({@link FitProblem#maxParameter()}) that optimum
 * counts only if it lies inside the bound, and a full Levenberg-Marquardt on all parameters runs
 * as well, on {@code u} with {@code p = M sin(u / M)}: every {@code p} stays in {@code [-M, M]},
 * small parameters are unaffected ({@code p ~ u}) and the chain rule scales the Jacobian by
 * {@code cos(u / M)}.
 *
 * <p>Each optimum is rounded to float32 twice, plainly and by {@link Float32Rounding} (which
 * re-solves the linear parameters as they are rounded one by one); the rounding whose float32
 * parameters have the smallest RMS error on the {@link FitErrors#CHECK_POINTS}-point check grid
 * wins (ties: the first). So the reported errors are those of the parameters users get.
 *
 * <p>Deterministic: the seeds are fixed, every sum runs in a fixed order and the transcendental
 * functions are {@link StrictMath}'s, so the same problem gives the same bits.
 */
public final class EraFitter {

    /**
     * Points of the fitting grid. Odd so that {@code x = 0} lies on it for symmetric intervals;
     * 2001 points resolve every target's curvature (spacing 0.003 on [-3, 3]) while keeping one
     * Levenberg-Marquardt step cheap. The errors are then checked on 100,001 points.
     */
    public static final int FIT_POINTS = 2001;
    /** Seeded random starts per fit. */
    public static final int RANDOM_STARTS = 8;
    /** Positions tried for the added fraction when growing the {@code n - 1} fit. */
    public static final int GROWTH_STARTS = 4;

    /**
     * Iteration budget per start. Variable projection (unbounded fits) converges in tens of steps;
     * the bounded fit's full Levenberg-Marquardt crawls along the valley of cancelling terms and
     * uses most of it.
     */
    private static final int MAX_ITERATIONS = 1000;
    private static final int MAX_EVALUATIONS = 3 * MAX_ITERATIONS;
    private static final double TOLERANCE = 1e-15;
    /**
     * Unbounded fits still keep each pole parameter within this many times the interval's
     * half-width: beyond it a fraction is just a slowly varying term whose coefficients explode.
     */
    private static final double POLE_BOUND_FACTOR = 20;
    private static final long SEED = 0x2A5E_F17DL;

    private EraFitter() {
    }

    /**
     * Parameters fitted to {@code target} as {@link EraInitializer#fitted} would give them: from
     * the core's bundled table where it has the fit, otherwise fitted now (seconds for n &lt;= 2,
     * minutes for n &gt;= 4: the bounded fit runs a full Levenberg-Marquardt from every start).
     */
    public static float[] fitted(ActivationTarget target, EraSpec spec) {
        return EraInitializer.bundledFit(target, spec)
                .orElseGet(() -> fit(EraInitializer.fittedProblem(target, spec)))
                .params();
    }

    /** Fits {@code problem}; see the class comment for the method. */
    public static EraFit fit(FitProblem problem) {
        List<EraFit> all = fitUpTo(problem);
        return all.get(all.size() - 1);
    }

    /**
     * Fits {@code problem} with {@code 1, 2, ..., n} fractions (same target, interval, eps and
     * bound); element {@code k} has {@code k + 1} fractions. {@link #fit} computes the same chain,
     * since each size starts from the one below, so this costs no more than fitting {@code n}.
     */
    public static List<EraFit> fitUpTo(FitProblem problem) {
        Grid grid = new Grid(problem);
        List<EraFit> fits = new ArrayList<>();
        Candidate smaller = null;
        for (int n = 1; n <= problem.spec().fractions(); n++) {
            FitProblem sized = problem.withFractions(n);
            smaller = fitCandidate(sized, grid, smaller);
            fits.add(new EraFit(sized, smaller.rounded, smaller.errors));
        }
        return fits;
    }

    /** One optimum: float64 parameters, their float32 rounding and its checked errors. */
    private record Candidate(double[] params, float[] rounded, FitErrors errors) {
        boolean betterThan(Candidate other) {
            return other == null || errors.rms() < other.errors.rms()
                    || (errors.rms() == other.errors.rms() && errors.maxAbs() < other.errors.maxAbs());
        }
    }

    /** Fitting grid {@code x_j} and target values {@code y_j}. */
    private record Grid(double[] x, double[] y) {
        Grid(FitProblem problem) {
            this(new double[FIT_POINTS], new double[FIT_POINTS]);
            double step = (problem.upper() - problem.lower()) / (FIT_POINTS - 1);
            for (int j = 0; j < FIT_POINTS; j++) {
                x[j] = FitErrors.gridPoint(problem.lower(), step, j, FIT_POINTS, problem.upper());
                y[j] = problem.target().value(x[j]);
            }
        }
    }

    private static Candidate fitCandidate(FitProblem problem, Grid grid, Candidate smallerFit) {
        EraSpec spec = problem.spec();
        int n = spec.fractions();
        List<double[]> starts = new ArrayList<>();
        double[] ones = new double[spec.parameterCount()];
        Arrays.fill(ones, 1);
        starts.add(ones);
        Candidate best = null;
        if (n > 1) {
            double[] smaller = smallerFit.params;
            double[] padded = Arrays.copyOf(smaller, spec.parameterCount());
            padded[EraLayout.f(n - 1)] = 1; // c = d = 0: the same function as the n - 1 fit
            // The n - 1 fit itself, exactly as rounded before: the n fit is never worse than it.
            float[] paddedRounded = Arrays.copyOf(smallerFit.rounded, spec.parameterCount());
            paddedRounded[EraLayout.f(n - 1)] = 1;
            best = new Candidate(padded, paddedRounded, FitErrors.measure(problem.target(), spec,
                    paddedRounded, problem.lower(), problem.upper(), FitErrors.CHECK_POINTS));
            best = evaluate(problem, grid, padded, best);
            for (int k = 0; k < GROWTH_STARTS; k++) {
                double[] grown = padded.clone();
                grown[EraLayout.e(n - 1)] = problem.lower()
                        + (k + 0.5) / GROWTH_STARTS * (problem.upper() - problem.lower());
                grown[EraLayout.f(n - 1)] = 0.1 * (problem.upper() - problem.lower());
                starts.add(solveLinear(spec, grown, grid));
            }
        }
        SplittableRandom random = new SplittableRandom(SEED + 1009L * n);
        double width = problem.upper() - problem.lower();
        for (int s = 0; s < RANDOM_STARTS; s++) {
            double[] start = new double[spec.parameterCount()];
            for (int i = 0; i < n; i++) {
                start[EraLayout.e(i)] = problem.lower() + width * random.nextDouble();
                start[EraLayout.f(i)] = width * (0.01 + 0.25 * random.nextDouble());
            }
            starts.add(solveLinear(spec, start, grid));
        }
        for (double[] start : starts) {
            // Variable projection first: with a bound it often lands inside it (ReLU-like
            // targets need |p| < 100 anyway), and then it is the better and faster optimum;
            // evaluate() drops it when it does not.
            best = evaluate(problem, grid, projectedOptimum(problem, grid, start), best);
            if (problem.bounded()) {
                double[] optimum = boundedOptimum(problem, grid, clampToBound(start, problem.maxParameter()));
                best = evaluate(problem, grid, optimum, best);
            }
        }
        return best;
    }

    /**
     * Rounds {@code optimum} to float32 both plainly and sequentially ({@link Float32Rounding}),
     * checks each rounding that respects the bound, and returns the best of them and {@code best}.
     */
    private static Candidate evaluate(FitProblem problem, Grid grid, double[] optimum, Candidate best) {
        EraSpec spec = problem.spec();
        float[][] roundings = {
                Float32Rounding.plain(optimum),
                Float32Rounding.sequential(spec, optimum, grid.x, grid.y),
        };
        for (float[] rounded : roundings) {
            if (!withinBound(rounded, problem.maxParameter())) {
                continue;
            }
            FitErrors errors = FitErrors.measure(problem.target(), spec, rounded, problem.lower(),
                    problem.upper(), FitErrors.CHECK_POINTS);
            Candidate candidate = new Candidate(optimum, rounded, errors);
            if (candidate.betterThan(best)) {
                best = candidate;
            }
        }
        return best;
    }

    private static boolean withinBound(float[] params, double bound) {
        for (float p : params) {
            if (!(Math.abs(p) <= bound)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces {@code a, b, c_i, d_i} of {@code p} by their linear least-squares optimum for the
     * poles {@code e_i, f_i} of {@code p}: columns {@code x, 1, x/q_i, 1/q_i}. Falls back to
     * {@code p} unchanged if the columns are numerically dependent.
     */
    static double[] solveLinear(EraSpec spec, double[] p, Grid grid) {
        int n = spec.fractions();
        int columns = 2 * n + 2;
        double[][] design = new double[grid.x.length][columns];
        for (int j = 0; j < grid.x.length; j++) {
            double x = grid.x[j];
            design[j][0] = x;
            design[j][1] = 1;
            for (int i = 0; i < n; i++) {
                double w = 1 / EraReference.quadratic(spec, p, 0, i, x);
                design[j][2 + 2 * i] = x * w;
                design[j][3 + 2 * i] = w;
            }
        }
        double[] solution;
        try {
            solution = new QRDecomposition(new Array2DRowRealMatrix(design, false), 1e-12)
                    .getSolver().solve(new ArrayRealVector(grid.y, false)).toArray();
        } catch (SingularMatrixException e) {
            return p;
        }
        double[] out = p.clone();
        out[EraLayout.A] = solution[0];
        out[EraLayout.B] = solution[1];
        for (int i = 0; i < n; i++) {
            out[EraLayout.c(i)] = solution[2 + 2 * i];
            out[EraLayout.d(i)] = solution[3 + 2 * i];
        }
        return out;
    }

    /** Keeps a start strictly inside the bound so {@code asin} of it is well defined. */
    private static double[] clampToBound(double[] p, double bound) {
        double[] out = p.clone();
        double limit = 0.999 * bound;
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.max(-limit, Math.min(limit, out[k]));
        }
        return out;
    }

    /**
     * Variable projection ({@link VariableProjection}) from the poles of {@code start}; returns the
     * lowest-cost parameters it evaluated. Poles stay within {@link #POLE_BOUND_FACTOR} times the
     * interval's half-width (and within the parameter bound, if any).
     */
    private static double[] projectedOptimum(FitProblem problem, Grid grid, double[] start) {
        double poleBound = Math.min(problem.maxParameter(), POLE_BOUND_FACTOR
                * Math.max(1, Math.max(Math.abs(problem.lower()), Math.abs(problem.upper()))));
        VariableProjection projection = new VariableProjection(problem.spec(), grid.x, grid.y, poleBound);
        run(projection, projection.toInternal(VariableProjection.poles(problem.spec(), start)), grid.y);
        return projection.bestParams();
    }

    /**
     * Full Levenberg-Marquardt on all parameters, {@code p = M sin(u / M)}, from {@code start};
     * returns the lowest-cost parameters it evaluated.
     */
    private static double[] boundedOptimum(FitProblem problem, Grid grid, double[] start) {
        ResidualModel model = new ResidualModel(problem, grid);
        run(model, model.toInternal(start), grid.y);
        return model.bestParams();
    }

    /** Runs Levenberg-Marquardt; the model remembers the best point it was asked to evaluate. */
    private static void run(MultivariateJacobianFunction model, double[] start, double[] target) {
        LeastSquaresProblem lsq = new LeastSquaresBuilder()
                .start(start)
                .model(model)
                .target(target)
                .lazyEvaluation(false)
                .maxIterations(MAX_ITERATIONS)
                .maxEvaluations(MAX_EVALUATIONS)
                .build();
        LevenbergMarquardtOptimizer optimizer = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(TOLERANCE)
                .withParameterRelativeTolerance(TOLERANCE)
                .withOrthoTolerance(TOLERANCE);
        try {
            optimizer.optimize(lsq);
        } catch (ConvergenceException | TooManyEvaluationsException | TooManyIterationsException e) {
            // Tolerances at machine precision or an exhausted budget: the best point seen stands.
        }
    }

    /**
     * sigma on the grid and its Jacobian in the optimiser's coordinates {@code u}
     * ({@code p = u} unbounded, {@code p = M sin(u/M)} bounded); remembers the best point.
     */
    private static final class ResidualModel implements MultivariateJacobianFunction {
        private final EraSpec spec;
        private final Grid grid;
        private final double bound;
        private double bestCost = Double.POSITIVE_INFINITY;
        private double[] best;

        ResidualModel(FitProblem problem, Grid grid) {
            this.spec = problem.spec();
            this.grid = grid;
            this.bound = problem.maxParameter();
        }

        double[] toInternal(double[] p) {
            if (bound == FitProblem.UNBOUNDED) {
                return p.clone();
            }
            double[] u = new double[p.length];
            for (int k = 0; k < p.length; k++) {
                u[k] = bound * StrictMath.asin(p[k] / bound);
            }
            return u;
        }

        private double[] toParams(double[] u) {
            if (bound == FitProblem.UNBOUNDED) {
                return u;
            }
            double[] p = new double[u.length];
            for (int k = 0; k < u.length; k++) {
                p[k] = bound * StrictMath.sin(u[k] / bound);
            }
            return p;
        }

        @Override
        public Pair<RealVector, RealMatrix> value(RealVector point) {
            double[] u = point.toArray();
            double[] p = toParams(u);
            int m = grid.x.length;
            double[] values = new double[m];
            double[][] jacobian = new double[m][p.length];
            double cost = 0;
            for (int j = 0; j < m; j++) {
                double x = grid.x[j];
                values[j] = EraReference.value(spec, p, 0, x);
                EraReference.parameterGradient(spec, p, 0, x, jacobian[j], 0);
                double r = values[j] - grid.y[j];
                cost += r * r;
            }
            if (bound != FitProblem.UNBOUNDED) {
                double[] chain = new double[u.length];
                for (int k = 0; k < u.length; k++) {
                    chain[k] = StrictMath.cos(u[k] / bound);
                }
                for (double[] row : jacobian) {
                    for (int k = 0; k < row.length; k++) {
                        row[k] *= chain[k];
                    }
                }
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = p.clone();
            }
            return new Pair<>(new ArrayRealVector(values, false), new Array2DRowRealMatrix(jacobian, false));
        }

        double[] bestParams() {
            return best.clone();
        }
    }
}
