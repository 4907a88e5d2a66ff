package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/**
 * The stated gradient range (README, Accuracy; {@link EraAccuracy#fractionOutsideGradientRange}):
 * the two reported failures are outside it, and inputs near its ends pass the bounds on the scalar
 * and SIMD backends.
 */
class GradientRangeTest {

    private static final EraSpec N1_TINY_EPS = new EraSpec(1, 1e-12f);

    private static int outside(EraSpec spec, float[] params, float x) {
        return EraAccuracy.fractionOutsideGradientRange(spec, EraReference.toDouble(spec, params, 0), 0, x);
    }

    @Test
    void theReportedFailuresAreOutsideTheStatedRange() {
        assertEquals(0, outside(N1_TINY_EPS, new float[] {1, 1, 1e18f, 1e18f, 0, 0}, 0f), "s = 1e42 overflows");
        assertEquals(0, outside(EraSpec.of(1), new float[] {0, 0, 1, 1, 2, 1e-20f}, -1e18f), "s underflows at |t| = 1e18");
        assertEquals(-1, outside(EraSpec.of(1), new float[] {0, 0, 1, 1, 2, 1e-20f}, 3f));
        assertEquals(-1, outside(EraSpec.of(1), new float[] {0, 0, 1, 0, 0, 0}, Float.MIN_VALUE), "a subnormal x is harmless");
    }

    @Test
    void inputsNearTheEndsOfTheRangeMeetTheBounds() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            EraSpec spec = random.nextBoolean() ? N1_TINY_EPS : EraSpec.of(1 + random.nextInt(2));
            float[] p = new float[spec.parameterCount()];
            for (int k = 0; k < p.length; k++) {
                p[k] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble(-20, 18)));
            }
            float[] x = new float[9];
            for (int i = 0; i < x.length; i++) {
                double e = p[4];
                x[i] = switch (i % 3) {
                    case 0 -> (float) (e + (random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble(-8, 18)));
                    case 1 -> (float) (e + (random.nextBoolean() ? 1 : -1) * EraAccuracy.UNDERFLOW_T_LIMIT * random.nextDouble(0.5, 1));
                    default -> (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble(-40, 18)));
                };
                if (!Float.isFinite(x[i]) || outside(spec, p, x[i]) >= 0) {
                    x[i] = 0;
                }
            }
            if (outside(spec, p, 0) >= 0) {
                continue;
            }
            float[] dy = new float[x.length];
            java.util.Arrays.fill(dy, 1f);
            for (EraBackend backend : new EraBackend[] {ScalarEraBackend.INSTANCE, VectorEraBackend.INSTANCE}) {
                EraAccuracy.BackwardMeasurement m = EraAccuracy.backward(backend, spec, p, x, dy);
                assertTrue(m.inputGradient().passed(), "seed " + seed + " trial " + trial + " " + backend.name() + " dx "
                        + m.inputGradient() + " params " + java.util.Arrays.toString(p) + " x " + java.util.Arrays.toString(x));
                assertTrue(EraAccuracy.forward(backend, spec, p, x).passed(), "seed " + seed + " forward");
            }
            checked++;
        }
        assertTrue(checked > 50, "seed " + seed + ": only " + checked + " cases inside the range");
    }
}
