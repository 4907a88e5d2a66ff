package org.era4j.rational;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Initial parameters for an ERA: fitted to a fixed activation, or Glorot-uniform random.
 *
 * <p><b>Which fit trains.</b> {@link #fitted} uses the <em>bounded</em> fit, {@code |p| <= 100}
 * ({@link #FITTED_MAX_PARAMETER}) on {@code [-3, 3]}. The unconstrained optima are more exact in
 * float64 but reach them with large terms that cancel (Swish n=2: {@code |p| ~ 1.6e3}; GELU n=2:
 * {@code |p| ~ 1e6}): float32 evaluation then loses digits, the parameter gradients of those terms
 * are huge, and one SGD step can undo the cancellation. The bounded fit gives up little accuracy
 * (Swish n=2: 2e-5 instead of 1e-6 max-abs error, far below what training changes) and keeps every
 * gradient moderate. docs/fitting.md has the numbers.
 */
public final class EraInitializer {

    /** Parameter bound of the fits used for initialisation. */
    public static final double FITTED_MAX_PARAMETER = 100;

    private EraInitializer() {
    }

    /** The problem {@link #fitted} solves: bounded fit of {@code target} on [-3, 3]. */
    public static FitProblem fittedProblem(ActivationTarget target, EraSpec spec) {
        return FitProblem.of(target, spec).withMaxParameter(FITTED_MAX_PARAMETER);
    }

    /**
     * Parameters {@code [a, b, c1, d1, e1, f1, ...]} fitted to {@code target}, from the table of
     * fits that ships with the core: every target of {@link ActivationTarget} (leaky ReLU with the
     * default slope) for {@code n = 1..4} and {@link EraSpec#DEFAULT_EPS}. Nothing is fitted at
     * run time, so the core needs no linear-algebra library.
     *
     * @throws IllegalArgumentException when the table has no such fit; the message says how to fit
     *         one with the {@code era4j-fit} artifact ({@code EraFitter.fitted})
     */
    public static float[] fitted(ActivationTarget target, EraSpec spec) {
        return fit(target, spec).params();
    }

    /**
     * As {@link #fitted}, with the fit's measured errors.
     *
     * @throws IllegalArgumentException when the bundled table has no such fit
     */
    public static EraFit fit(ActivationTarget target, EraSpec spec) {
        return bundledFit(target, spec).orElseThrow(() -> new IllegalArgumentException(
                "no bundled fit of " + target.name() + " for " + spec + " (the table covers n = 1..4 with eps = "
                        + EraSpec.DEFAULT_EPS + "); fit one at run time with era4j-fit: "
                        + "org.era4j.fit.EraFitter.fitted(target, spec)"));
    }

    /** The bundled fit of {@link #fittedProblem}, if the table has one. */
    public static Optional<EraFit> bundledFit(ActivationTarget target, EraSpec spec) {
        return FitCache.bundled().find(fittedProblem(target, spec));
    }

    /**
     * Glorot-uniform parameters as in the reference code: the numerator vector
     * {@code [a, b, c1, d1, ..., cn, dn]} (length {@code L = 2n+2}) is drawn first, each entry
     * uniform in {@code [-sqrt(6 / (L + L)), +sqrt(6 / (L + L))]} (Keras' glorot_uniform takes
     * {@code fan_in = fan_out = length} for a 1-D weight), then the denominator vector
     * {@code [e1, f1, ..., en, fn]} (length {@code 2n}) the same way; both are converted to this
     * project's layout with {@link EraLayout#fromReference}. Same seed, same parameters.
     */
    public static float[] random(EraSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] numerator = glorotUniform(random, 2 * spec.fractions() + 2);
        double[] denominator = glorotUniform(random, 2 * spec.fractions());
        return EraLayout.fromReference(spec, numerator, denominator);
    }

    /** The Glorot limit {@code sqrt(6 / (2 length))} of a 1-D weight of that length. */
    public static double glorotLimit(int length) {
        return Math.sqrt(6.0 / (2.0 * length));
    }

    private static double[] glorotUniform(SplittableRandom random, int length) {
        double limit = glorotLimit(length);
        double[] w = new double[length];
        for (int k = 0; k < length; k++) {
            w[k] = random.nextDouble(-limit, limit);
        }
        return w;
    }
}
