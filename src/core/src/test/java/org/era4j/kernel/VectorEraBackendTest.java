package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.era4j.testkit.EraBackendConformance;
import org.era4j.testkit.EraCase;

class VectorEraBackendTest extends EraBackendConformance {

    @Override
    protected EraBackend backend() {
        return VectorEraBackend.INSTANCE;
    }

    /** The vector kernel and its scalar twin perform the same operations: bitwise-equal y and dx. */
    @Property(tries = 60)
    void forwardAndInputGradientEqualTheScalarTwinBitForBit(@ForAll("cases") EraCase c) {
        int n = c.x().length;
        float[] vector = new float[n];
        float[] scalar = new float[n];
        VectorEraBackend.INSTANCE.forward(c.spec(), c.params(), 0, c.x(), 0, vector, 0, n);
        ScalarEraBackend.INSTANCE.forward(c.spec(), c.params(), 0, c.x(), 0, scalar, 0, n);
        assertArrayEquals(scalar, vector, () -> "forward, " + c);
        float[] dParams = new float[c.spec().parameterCount()];
        VectorEraBackend.INSTANCE.backward(c.spec(), c.params(), 0, c.x(), 0, c.dy(), 0, vector, 0, dParams, 0, n);
        ScalarEraBackend.INSTANCE.backward(c.spec(), c.params(), 0, c.x(), 0, c.dy(), 0, scalar, 0, dParams, 0, n);
        assertArrayEquals(scalar, vector, () -> "dx, " + c);
    }

    @Test
    void speciesPropertyAcceptsEveryWidthAndRejectsNonsense() {
        assertEquals(2, VectorSupport.Species.fromProperty("64").length());
        assertEquals(4, VectorSupport.Species.fromProperty("128").length());
        assertEquals(8, VectorSupport.Species.fromProperty("256").length());
        assertEquals(16, VectorSupport.Species.fromProperty("512").length());
        assertEquals(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, VectorSupport.Species.fromProperty(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorSupport.Species.fromProperty("96"));
        assertEquals(true, e.getMessage().contains("era4j.simd.bits"));
    }
}
