package org.era4j.rational;

import java.util.Arrays;

/**
 * The outcome of fitting an ERA to a target: the float32 parameter set (layout of {@link EraSpec})
 * and its errors, measured in float64 on {@link FitErrors#CHECK_POINTS} evenly spaced points of
 * the interval <em>using the float32-rounded parameters</em>, since that is what a network gets.
 */
public final class EraFit {

    private final FitProblem problem;
    private final float[] params;
    private final FitErrors errors;

    public EraFit(FitProblem problem, float[] params, FitErrors errors) {
        problem.spec().checkParameters(params, 0, 1);
        if (params.length != problem.spec().parameterCount()) {
            throw new IllegalArgumentException("fit of " + problem.spec() + " needs exactly "
                    + problem.spec().parameterCount() + " parameters, got " + params.length);
        }
        this.problem = problem;
        this.params = params.clone();
        this.errors = errors;
    }

    public FitProblem problem() {
        return problem;
    }

    public ActivationTarget target() {
        return problem.target();
    }

    public EraSpec spec() {
        return problem.spec();
    }

    /** A copy of the float32 parameters {@code [a, b, c1, d1, e1, f1, ...]}. */
    public float[] params() {
        return params.clone();
    }

    /** Largest {@code |sigma(x) - target(x)|} on the check grid. */
    public double maxAbsError() {
        return errors.maxAbs();
    }

    /** Root-mean-square error on the check grid. */
    public double rmsError() {
        return errors.rms();
    }

    /** Largest parameter magnitude {@code max_k |p_k|}. */
    public double maxAbsParameter() {
        double m = 0;
        for (float p : params) {
            m = Math.max(m, Math.abs(p));
        }
        return m;
    }

    @Override
    public String toString() {
        return "EraFit[" + problem.target() + ", " + problem.spec() + ", maxAbs=" + maxAbsError()
                + ", rms=" + rmsError() + ", params=" + Arrays.toString(params) + "]";
    }
}
