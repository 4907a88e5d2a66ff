package org.era4j.bench;

import java.util.Arrays;

/**
 * Nanoseconds per operation over repeated timed runs: the median and the spread (minimum and
 * maximum) of {@code repetitions} samples, each the mean of {@code opsPerRepetition} back-to-back
 * operations.
 */
public record Measurement(double medianNanos, double minNanos, double maxNanos, int repetitions, long opsPerRepetition) {

    public Measurement {
        if (repetitions < 1 || opsPerRepetition < 1) {
            throw new IllegalArgumentException("a measurement needs >= 1 repetition of >= 1 operation");
        }
    }

    /** Summarises per-repetition samples (nanoseconds per operation). */
    static Measurement of(double[] samples, long opsPerRepetition) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int m = sorted.length;
        double median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
        return new Measurement(median, sorted[0], sorted[m - 1], m, opsPerRepetition);
    }

    /** {@code (max - min) / median}: how far apart the repetitions were. */
    public double relativeSpread() {
        return (maxNanos - minNanos) / medianNanos;
    }
}
