package org.era4j.testkit;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraSpec;

/**
 * Random ERA problems for the property tests: a spec, one parameter set, inputs with edge values
 * mixed in, upstream gradients and buffer offsets. Drawn fresh per run from jqwik's seed.
 */
public record EraCase(EraSpec spec, float[] params, float[] x, float[] dy, int offset) {

    /** Lengths that exercise empty input, tails around every lane count, primes and block edges. */
    public static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97,
            127, 257, 1031, 4095, 4096, 4099, 8209};

    /** Edge inputs, all finite: zeros of both signs, subnormals, tiny and large magnitudes. */
    public static final float[] EDGE_INPUTS = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL,
            1e-20f, -1e-20f, 1f, -1f, 3f, -3f, 1e3f, -1e3f, 1e4f, -1e4f};

    public static Arbitrary<EraCase> any() {
        return Arbitraries.randomValue(EraCase::draw).withoutEdgeCases();
    }

    public static EraCase draw(Random random) {
        int n = 1 + random.nextInt(EraSpec.MAX_FRACTIONS);
        float eps = random.nextInt(4) == 0 ? (float) Math.pow(10, -1 - random.nextInt(8)) : EraSpec.DEFAULT_EPS;
        EraSpec spec = new EraSpec(n, eps);
        int length = LENGTHS[random.nextInt(LENGTHS.length)];
        return new EraCase(spec, drawParams(spec, random, 10), drawInputs(random, length, 20),
                drawInputs(random, length, 2), random.nextInt(5));
    }

    /** Parameters mostly in [-scale, scale]; some f exactly 0 (the denominator rests on eps alone). */
    public static float[] drawParams(EraSpec spec, Random random, double scale) {
        float[] p = new float[spec.parameterCount()];
        double magnitude = random.nextInt(4) == 0 ? 10 * scale : scale;
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) ((2 * random.nextDouble() - 1) * magnitude);
        }
        for (int i = 0; i < spec.fractions(); i++) {
            if (random.nextInt(3) == 0) {
                p[EraLayout.f(i)] = random.nextBoolean() ? 0f : -0f;
            }
        }
        return p;
    }

    public static float[] drawInputs(Random random, int length, double scale) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextInt(10) == 0 ? EDGE_INPUTS[random.nextInt(EDGE_INPUTS.length)]
                    : (float) (random.nextGaussian() * scale);
        }
        return x;
    }

    /** {@code values} copied into a larger array at {@link #offset}, with garbage around it. */
    float[] padded(float[] values) {
        float[] out = new float[values.length + offset + 3];
        java.util.Arrays.fill(out, Float.NaN);
        System.arraycopy(values, 0, out, offset, values.length);
        return out;
    }

    @Override
    public String toString() {
        return spec + " length=" + x.length + " offset=" + offset + " params=" + java.util.Arrays.toString(params);
    }
}
