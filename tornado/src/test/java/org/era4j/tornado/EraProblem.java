package org.era4j.tornado;

import java.util.Arrays;
import java.util.Random;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraSpec;

/**
 * A random ERA problem drawn like the core conformance suite's cases
 * ({@code org.era4j.testkit.EraCase} in era4j-core's test-jar): a spec (n in 1..8, eps sometimes
 * tiny), one or more parameter sets (some f exactly +-0), inputs with edge values mixed in,
 * upstream gradients and a buffer offset. Drawn from a seeded {@link Random} rather than jqwik, so
 * that {@link TornadoConformanceRunner} needs no test framework under the SDK; the lengths also
 * cover the kernels' tile edges (1023..1025).
 */
record EraProblem(EraSpec spec, float[] params, float[] x, float[] dy, int offset) {

    /** Empty input, tails around lane and work-group sizes, primes, tile edges and one past 8192. */
    static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97,
            127, 257, 1023, 1024, 1025, 1031, 4095, 4096, 4099, 8209};

    /** Edge inputs, all finite: zeros of both signs, subnormals, tiny and large magnitudes. */
    static final float[] EDGE_INPUTS = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL,
            1e-20f, -1e-20f, 1f, -1f, 3f, -3f, 1e3f, -1e3f, 1e4f, -1e4f};

    static EraProblem draw(Random random) {
        int n = 1 + random.nextInt(EraSpec.MAX_FRACTIONS);
        float eps = random.nextInt(4) == 0 ? (float) Math.pow(10, -1 - random.nextInt(8)) : EraSpec.DEFAULT_EPS;
        EraSpec spec = new EraSpec(n, eps);
        int length = LENGTHS[random.nextInt(LENGTHS.length)];
        return new EraProblem(spec, drawParams(spec, random, 10), drawInputs(random, length, 20),
                drawInputs(random, length, 2), random.nextInt(5));
    }

    /** Parameters mostly in [-scale, scale], sometimes 10x; some f exactly +-0. */
    static float[] drawParams(EraSpec spec, Random random, double scale) {
        return drawParams(spec, 1, random, scale);
    }

    static float[] drawParams(EraSpec spec, int sets, Random random, double scale) {
        float[] p = new float[sets * spec.parameterCount()];
        double magnitude = random.nextInt(4) == 0 ? 10 * scale : scale;
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) ((2 * random.nextDouble() - 1) * magnitude);
        }
        for (int s = 0; s < sets; s++) {
            for (int i = 0; i < spec.fractions(); i++) {
                if (random.nextInt(3) == 0) {
                    p[s * spec.parameterCount() + EraLayout.f(i)] = random.nextBoolean() ? 0f : -0f;
                }
            }
        }
        return p;
    }

    static float[] drawInputs(Random random, int length, double scale) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextInt(10) == 0 ? EDGE_INPUTS[random.nextInt(EDGE_INPUTS.length)]
                    : (float) (random.nextGaussian() * scale);
        }
        return x;
    }

    /** {@code values} copied into a larger array at {@link #offset}, NaN around it. */
    float[] padded(float[] values) {
        float[] out = new float[values.length + offset + 3];
        Arrays.fill(out, Float.NaN);
        System.arraycopy(values, 0, out, offset, values.length);
        return out;
    }

    @Override
    public String toString() {
        return spec + " length=" + x.length + " offset=" + offset + " params=" + Arrays.toString(params);
    }
}
