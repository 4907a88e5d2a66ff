package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;
import org.era4j.rational.EraSpec;
import org.junit.jupiter.api.Test;

/** The experimental hoisted n = 2 forward gives exactly the bits of VectorEraBackend's forward. */
class HoistedPairEraForwardProperties {

    @Provide
    Arbitrary<Random> randoms() {
        return Arbitraries.randomValue(random -> new Random(random.nextLong())).withoutEdgeCases();
    }

    @Property(tries = 200)
    void bitwiseEqualToTheBackend(@ForAll("randoms") Random random) {
        EraSpec spec = new EraSpec(2, random.nextInt(4) == 0 ? 1e-6f : EraSpec.DEFAULT_EPS);
        float[] p = EraCase.drawParams(spec, random, random.nextBoolean() ? 10 : 1e12);
        int length = EraCase.LENGTHS[random.nextInt(EraCase.LENGTHS.length)];
        float[] x = EraCase.drawInputs(random, length, random.nextBoolean() ? 20 : 1e10);
        if (length > 2) {
            x[random.nextInt(length)] = Float.NaN;
            x[random.nextInt(length)] = random.nextBoolean() ? Float.POSITIVE_INFINITY : 3e38f;
        }
        int offset = random.nextInt(5);
        float[] expected = new float[length + offset];
        float[] actual = new float[length + offset];
        VectorEraBackend.INSTANCE.forward(spec, p, 0, x, 0, expected, offset, length);
        HoistedPairEraForward.forwardTwo(spec, p, 0, x, 0, actual, offset, length);
        for (int i = 0; i < length; i++) {
            assertEquals(Float.floatToIntBits(expected[offset + i]), Float.floatToIntBits(actual[offset + i]),
                    "index " + i + ", x = " + x[i]);
        }
    }

    @Test
    void rejectsOtherDegreesAndBadRanges() {
        float[] x = new float[4];
        assertThrows(IllegalArgumentException.class,
                () -> HoistedPairEraForward.forwardTwo(EraSpec.of(1), new float[6], 0, x, 0, x, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> HoistedPairEraForward.forwardTwo(EraSpec.of(2), new float[10], 0, x, 0, new float[3], 0, 4));
    }
}
