package org.era4j.jmh;

import java.util.SplittableRandom;
import org.era4j.rational.EraSpec;

/**
 * Seeded inputs and parameter sets shared by the benchmarks, so every variant sees the same data.
 *
 * <p>Parameters are a plausible fitted ERA (a Swish-like shape): poles well away from the real
 * axis, coefficients of order one. Inputs are uniform in [-4, 4], the range of normalised
 * pre-activations.
 */
final class BenchData {

    static final long SEED = 20221023L;

    private BenchData() {
    }

    /** {@code [a, b, c1, d1, e1, f1, ...]} for {@code fractions} = 1 or 2. */
    static float[] parameters(int fractions) {
        return switch (fractions) {
            case 1 -> new float[] {0.52f, 0.11f, 0.31f, -0.23f, 0.42f, 1.13f};
            case 2 -> new float[] {0.52f, 0.11f, 0.31f, -0.23f, 0.42f, 1.13f, -0.17f, 0.29f, -1.35f, 0.87f};
            default -> throw new IllegalArgumentException("benchmarks cover n = 1 and 2, got " + fractions);
        };
    }

    static EraSpec spec(int fractions) {
        return EraSpec.of(fractions);
    }

    /** {@code length} floats uniform in {@code [-range, range)} from a seeded generator. */
    static float[] uniform(int length, float range, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * range);
        }
        return values;
    }

    /** Fails with the index and both values unless {@code |a - b| <= tol * (1 + |b|)} everywhere. */
    static void assertClose(String what, float[] actual, float[] expected, int length, double tolerance) {
        for (int i = 0; i < length; i++) {
            double error = Math.abs((double) actual[i] - expected[i]);
            if (!(error <= tolerance * (1 + Math.abs(expected[i])))) {
                throw new IllegalStateException(what + " disagrees at index " + i + ": " + actual[i]
                        + " vs " + expected[i] + " (tolerance " + tolerance + ")");
            }
        }
    }
}
