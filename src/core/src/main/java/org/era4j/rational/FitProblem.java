package org.era4j.rational;

/**
 * What to fit: an ERA of shape {@code spec} to {@code target} on {@code [lower, upper]}, with every
 * parameter held to {@code |p| <= maxParameter} ({@link Double#POSITIVE_INFINITY} = unconstrained).
 *
 * <p>The bound exists because the most exact fits are ill-conditioned: large terms that cancel
 * each other cost float32 accuracy once the parameters are rounded and may hurt training.
 */
public record FitProblem(ActivationTarget target, EraSpec spec, double lower, double upper,
                         double maxParameter) {

    /** The paper's fitting interval. */
    public static final double DEFAULT_LOWER = -3;
    public static final double DEFAULT_UPPER = 3;
    /** Unconstrained parameters. */
    public static final double UNBOUNDED = Double.POSITIVE_INFINITY;

    public FitProblem {
        if (target == null || spec == null) {
            throw new IllegalArgumentException("fit problem needs a target and an ERA spec");
        }
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
            throw new IllegalArgumentException("fit interval must be finite with lower < upper, got ["
                    + lower + ", " + upper + "]");
        }
        if (!(maxParameter > 0)) {
            throw new IllegalArgumentException("parameter bound must be > 0 (or infinite for none), got "
                    + maxParameter);
        }
    }

    /** Unconstrained fit on the paper's interval {@code [-3, 3]}. */
    public static FitProblem of(ActivationTarget target, EraSpec spec) {
        return new FitProblem(target, spec, DEFAULT_LOWER, DEFAULT_UPPER, UNBOUNDED);
    }

    /** The same problem with parameters held to {@code |p| <= bound}. */
    public FitProblem withMaxParameter(double bound) {
        return new FitProblem(target, spec, lower, upper, bound);
    }

    /** The same problem with {@code fractions} partial fractions (same eps). */
    public FitProblem withFractions(int fractions) {
        return new FitProblem(target, new EraSpec(fractions, spec.eps()), lower, upper, maxParameter);
    }

    public boolean bounded() {
        return maxParameter != UNBOUNDED;
    }
}
