package org.era4j.rational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ActivationTargetTest {

    private static final List<ActivationTarget> ALL = List.of(ActivationTarget.relu(),
            ActivationTarget.leakyRelu(0.01), ActivationTarget.leakyRelu(0.2), ActivationTarget.swish(),
            ActivationTarget.gelu(), ActivationTarget.geluTanh(), ActivationTarget.tanh(),
            ActivationTarget.sigmoid(), ActivationTarget.identity());

    @Test
    void parsesEveryCliNameAndAlias() {
        assertEquals(ActivationTarget.relu(), ActivationTarget.parse("relu"));
        assertEquals(ActivationTarget.leakyRelu(0.01), ActivationTarget.parse("leaky-relu"));
        assertEquals(ActivationTarget.leakyRelu(0.2), ActivationTarget.parse("leaky-relu:0.2"));
        assertEquals(ActivationTarget.swish(), ActivationTarget.parse("swish"));
        assertEquals(ActivationTarget.swish(), ActivationTarget.parse(" SiLU "));
        assertEquals(ActivationTarget.gelu(), ActivationTarget.parse("gelu"));
        assertEquals(ActivationTarget.geluTanh(), ActivationTarget.parse("gelu-tanh"));
        assertEquals(ActivationTarget.tanh(), ActivationTarget.parse("tanh"));
        assertEquals(ActivationTarget.sigmoid(), ActivationTarget.parse("sigmoid"));
        assertEquals(ActivationTarget.identity(), ActivationTarget.parse("identity"));
    }

    @Test
    void canonicalNameReadsBackToTheSameTarget() {
        for (ActivationTarget t : ALL) {
            assertEquals(t, ActivationTarget.parse(t.name()), t.name());
        }
    }

    @Test
    void unknownNamesAndBadSlopesAreRejectedWithTheValidChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationTarget.parse("mish"));
        assertTrue(e.getMessage().contains("mish") && e.getMessage().contains("gelu-tanh"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActivationTarget.parse(null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationTarget.parse("leaky-relu:x"))
                .getMessage().contains("not a number"));
        assertThrows(IllegalArgumentException.class, () -> ActivationTarget.parse("leaky-relu:1.5"));
        assertThrows(IllegalArgumentException.class, () -> ActivationTarget.leakyRelu(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ActivationTarget.leakyRelu(-0.1));
    }

    @Test
    void knownValues() {
        assertEquals(0.7310585786300049, ActivationTarget.swish().value(1), 1e-16);
        assertEquals(0.8413447460685429, ActivationTarget.gelu().value(1), 1e-15);
        assertEquals(-0.15865525393145707, ActivationTarget.gelu().value(-1), 1e-15);
        // 0.5 (1 + tanh(sqrt(2/pi) (1 + 0.044715))), evaluated independently
        double u = Math.sqrt(2 / Math.PI) * 1.044715;
        assertEquals(0.5 * (1 + Math.tanh(u)), ActivationTarget.geluTanh().value(1), 1e-15);
        assertEquals(-0.02, ActivationTarget.leakyRelu(0.01).value(-2), 0);
        assertEquals(0.5, ActivationTarget.sigmoid().value(0), 0);
    }

    @Test
    void edgeInputs() {
        for (ActivationTarget t : ALL) {
            assertTrue(Double.isNaN(t.value(Double.NaN)), t + " NaN");
            assertEquals(0.0, t.value(0.0), 0.5, t + " at 0");
            for (double x : new double[] {Double.MIN_VALUE, -Double.MIN_VALUE, -1e3, 1e3, -1e200, 1e200,
                    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0}) {
                assertTrue(!Double.isNaN(t.value(x)), t + " at " + x + " gave NaN");
            }
        }
        for (ActivationTarget t : List.of(ActivationTarget.swish(), ActivationTarget.gelu(),
                ActivationTarget.geluTanh(), ActivationTarget.relu())) {
            assertEquals(0.0, t.value(Double.NEGATIVE_INFINITY), 0, t + " at -Inf");
            assertEquals(Double.POSITIVE_INFINITY, t.value(Double.POSITIVE_INFINITY), t + " at +Inf");
            assertEquals(0.0, t.value(-1e3), 1e-300, t + " at -1000");
            assertEquals(1e3, t.value(1e3), 1e-12, t + " at 1000");
        }
        assertEquals(Double.NEGATIVE_INFINITY, ActivationTarget.leakyRelu(0.01).value(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, ActivationTarget.sigmoid().value(Double.POSITIVE_INFINITY));
        assertEquals(0.0, ActivationTarget.sigmoid().value(Double.NEGATIVE_INFINITY));
        assertEquals(-1.0, ActivationTarget.tanh().value(Double.NEGATIVE_INFINITY));
        assertEquals(0x1p-1000 / 2, ActivationTarget.swish().value(0x1p-1000), 0);
    }

    @Property(tries = 300)
    void swishIsXTimesSigmoid(@ForAll @DoubleRange(min = -30, max = 30) double x) {
        double expected = x / (1 + Math.exp(-x));
        assertEquals(expected, ActivationTarget.swish().value(x), 1e-15 * Math.max(1, Math.abs(x)));
        assertEquals(x * ActivationTarget.sigmoid().value(x), ActivationTarget.swish().value(x), 0);
    }

    @Property(tries = 300)
    void sigmoidIsSymmetric(@ForAll @DoubleRange(min = -700, max = 700) double x) {
        ActivationTarget s = ActivationTarget.sigmoid();
        assertEquals(1.0, s.value(x) + s.value(-x), 1e-15);
    }

    @Property(tries = 300)
    void tanhGeluApproximatesExactGelu(@ForAll @DoubleRange(min = -10, max = 10) double x) {
        // The tanh form's largest deviation from x * Phi(x) is about 4.7e-4 (near |x| = 2).
        assertTrue(Math.abs(ActivationTarget.gelu().value(x) - ActivationTarget.geluTanh().value(x)) < 1e-3);
    }

    @Property(tries = 300)
    void geluTanhMatchesTheTanhFormulaWhereItDoesNotCancel(@ForAll @DoubleRange(min = -5, max = 10) double x) {
        double u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
        assertEquals(0.5 * x * (1 + Math.tanh(u)), ActivationTarget.geluTanh().value(x), 1e-14 * Math.max(1, Math.abs(x)));
    }

    @Property(tries = 200)
    void reluFamilyIsPiecewiseLinear(@ForAll @DoubleRange(min = -1e6, max = 1e6) double x,
                                     @ForAll @DoubleRange(min = 0, max = 1) double slope) {
        assertEquals(Math.max(0, x), ActivationTarget.relu().value(x), 0);
        assertEquals(x >= 0 ? x : slope * x, ActivationTarget.leakyRelu(slope).value(x), 0);
        assertEquals(x, ActivationTarget.identity().value(x), 0);
    }
}
