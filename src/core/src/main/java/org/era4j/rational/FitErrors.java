package org.era4j.rational;

/**
 * Max-abs and RMS error of an ERA parameter set against a target, measured in float64 on an evenly
 * spaced grid {@code x_j = lower + j (upper - lower) / (points - 1)}, {@code j = 0 .. points-1}.
 *
 * <pre>
 *   maxAbs = max_j |sigma(x_j) - target(x_j)|,    rms = sqrt( sum_j (sigma(x_j) - target(x_j))^2 / points )
 * </pre>
 *
 * The sum runs in index order, so the result is deterministic.
 */
public record FitErrors(double maxAbs, double rms) {

    /** The check grid: the paper's 100,000 points of [-3, 3], made odd so that x = 0 is on it. */
    public static final int CHECK_POINTS = 100_001;

    /** Errors of the float32 set {@code params} (what users get), evaluated in float64. */
    public static FitErrors measure(ActivationTarget target, EraSpec spec, float[] params,
                                    double lower, double upper, int points) {
        return measure(target, spec, EraReference.toDouble(spec, params, 0), lower, upper, points);
    }

    /** Errors of the float64 set {@code params}. */
    public static FitErrors measure(ActivationTarget target, EraSpec spec, double[] params,
                                    double lower, double upper, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("error grid needs >= 2 points, got " + points);
        }
        double step = (upper - lower) / (points - 1);
        double max = 0;
        double sumSquares = 0;
        for (int j = 0; j < points; j++) {
            double x = gridPoint(lower, step, j, points, upper);
            double r = EraReference.value(spec, params, 0, x) - target.value(x);
            max = Math.max(max, Math.abs(r));
            sumSquares += r * r;
        }
        return new FitErrors(max, Math.sqrt(sumSquares / points));
    }

    /** Grid point {@code j}; the last point is {@code upper} exactly. */
    public static double gridPoint(double lower, double step, int j, int points, double upper) {
        return j == points - 1 ? upper : lower + j * step;
    }
}
