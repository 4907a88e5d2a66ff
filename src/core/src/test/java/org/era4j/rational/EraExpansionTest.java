package org.era4j.rational;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EraExpansionTest {

    @Test
    void oneFractionExpandsToTheTextbookCoefficients() {
        EraSpec spec = new EraSpec(1, 0.25f);
        // a=2, b=-1, c=3, d=0.5, e=1.5, f=-2: q = x^2 - 3x + (2.25 + 4 + 0.25).
        double[] params = {2, -1, 3, 0.5, 1.5, -2};
        RationalFunction r = EraExpansion.expand(spec, params, 0);
        assertArrayEquals(new double[] {6.5, -3, 1}, r.denominator(), 0);
        // P = (2x - 1)(x^2 - 3x + 6.5) + 3x + 0.5 = 2x^3 - 7x^2 + 19x - 6.
        assertArrayEquals(new double[] {-6, 19, -7, 2}, r.numerator(), 0);
        assertEquals(DenominatorKind.PLAIN, r.denominatorKind());
    }

    @Test
    void expandsFromAFloatArrayAtAnOffset() {
        EraSpec spec = EraSpec.of(2);
        float[] params = {99, 99, 0.5f, -1, 0.25f, 2, 1.5f, 0.7f, 3, -0.5f, -2, 1};
        RationalFunction r = EraExpansion.expand(spec, params, 2);
        double[] p = EraReference.toDouble(spec, params, 2);
        for (double x : new double[] {-2, -0.5, 0, 1, 2.5}) {
            assertEquals(EraReference.value(spec, p, 0, x), r.value(x), 1e-13);
        }
    }

    /**
     * float64, n = 2, both centres at 1000, f = 0: Q(x) = ((x - 1000)^2 + eps)^2 >= eps^2 = 1e-6,
     * but the expanded coefficients are about 1e12 and Horner cancels them down with rounding
     * errors near 1e-4, so the expanded Q comes out negative or zero next to x = 1000.
     */
    @Test
    void expandedDenominatorRoundsToNonPositiveNearADistantCentreInDouble() {
        EraSpec spec = EraSpec.of(2);
        double[] params = {1, 0, 1, 0, 1000, 0, 1, 0, 1000, 0};
        RationalFunction r = EraExpansion.expand(spec, params, 0);
        int nonPositive = 0;
        for (int k = -2000; k <= 2000; k++) {
            double x = 1000 + k * 1e-4;
            double product = EraReference.quadratic(spec, params, 0, 0, x) * EraReference.quadratic(spec, params, 0, 1, x);
            assertTrue(product >= 1e-6 * (1 - 1e-7), "the product form stays >= eps^2 at " + x);
            if (r.denominatorValue(x) <= 0) {
                nonPositive++;
            }
            // Where it does go wrong, the condition-aware bound predicted it could.
            double kappa = EraExpansion.denominatorCondition(spec, params, 0, x);
            assertTrue(Math.abs(r.denominatorValue(x) - product) <= 6 * 0x1p-53 * kappa * product, "bound at " + x);
        }
        assertTrue(nonPositive > 0, "expected the expanded denominator to fail near x = 1000");
    }

    @Test
    void badParametersAreRejected() {
        EraSpec spec = EraSpec.of(1);
        assertThrows(IllegalArgumentException.class, () -> EraExpansion.expand(spec, new double[5], 0));
        assertThrows(IllegalArgumentException.class, () -> EraExpansion.expand(spec, new double[6], 1));
        assertThrows(IllegalArgumentException.class, () -> EraExpansion.expand(null, new double[6], 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EraExpansion.expand(spec, new double[] {0, 0, 0, 0, Double.NaN, 0}, 0));
        assertTrue(e.getMessage().contains("e1"), e.getMessage());
    }
}
