package org.era4j.gpu;

import java.util.SplittableRandom;
import org.era4j.rational.EraSpec;

/** Seeded parameters and inputs for the OpenCL conformance tests. */
final class EraTestData {

    /** Sizes 0, 1, small odd primes, primes around work-group and chunk multiples. */
    static final int[] SIZES = {0, 1, 2, 3, 5, 7, 13, 31, 61, 63, 65, 127, 257, 1021, 4099, 65537};

    /** Inputs that stress the pair formula: zeros, subnormals, large magnitudes. */
    static final float[] EDGE_X = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f,
            1f, -1f, 1e4f, -1e4f, 1e10f, -1e10f, 1e18f, -1e18f};

    private EraTestData() {
    }

    /** {@code sets} parameter sets: a, b, c, d in [-2, 2], e in [-3, 3], f in [-2, 2]. */
    static float[] parameters(EraSpec spec, int sets, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[sets * spec.parameterCount()];
        for (int set = 0; set < sets; set++) {
            int o = set * spec.parameterCount();
            p[o] = (float) random.nextDouble(-2, 2);
            p[o + 1] = (float) random.nextDouble(-2, 2);
            for (int i = 0; i < spec.fractions(); i++) {
                int k = o + 2 + 4 * i;
                p[k] = (float) random.nextDouble(-2, 2);
                p[k + 1] = (float) random.nextDouble(-2, 2);
                p[k + 2] = (float) random.nextDouble(-3, 3);
                p[k + 3] = (float) random.nextDouble(-2, 2);
            }
        }
        return p;
    }

    /** {@code length} values in [-scale, scale]. */
    static float[] values(int length, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextDouble(-scale, scale);
        }
        return x;
    }
}
