package org.era4j.rational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RationalFunctionTest {

    private static final double TIGHT = 1e-14;

    /** Straight from the definition, with Math.pow: an independent evaluation for the tests. */
    private static double polynomial(double[] c, double x) {
        double sum = 0;
        for (int j = 0; j < c.length; j++) {
            sum += c[j] * Math.pow(x, j);
        }
        return sum;
    }

    private static double pauDenominator(double[] b, double x) {
        double sum = 1;
        for (int j = 1; j <= b.length; j++) {
            sum += Math.abs(b[j - 1] * Math.pow(x, j));
        }
        return sum;
    }

    @Test
    void plainValueAndDerivativesMatchTheQuotientRuleWrittenOut() {
        double[] p = {1, 2, 3};
        double[] q = {2, 0, 1};
        RationalFunction r = RationalFunction.plain(p, q);
        for (double x : new double[] {-2.5, -1, 0, 0.3, 1.5, 4}) {
            double pv = 1 + 2 * x + 3 * x * x;
            double dp = 2 + 6 * x;
            double qv = 2 + x * x;
            double dq = 2 * x;
            double expected = pv / qv;
            double expectedDerivative = (dp * qv - pv * dq) / (qv * qv);
            // (P/Q)'' = P''/Q - 2 P'Q'/Q^2 - P Q''/Q^2 + 2 P Q'^2/Q^3 with P'' = 6, Q'' = 2.
            double expectedSecond = 6 / qv - 2 * dp * dq / (qv * qv) - pv * 2 / (qv * qv)
                    + 2 * pv * dq * dq / (qv * qv * qv);
            assertEquals(expected, r.value(x), TIGHT * Math.abs(expected), "value at " + x);
            assertEquals(expectedDerivative, r.derivative(x), TIGHT * (1 + Math.abs(expectedDerivative)),
                    "derivative at " + x);
            assertEquals(expectedSecond, r.secondDerivative(x), 1e-13 * (1 + Math.abs(expectedSecond)),
                    "second derivative at " + x);
        }
        assertEquals(2, r.numeratorDegree());
        assertEquals(2, r.denominatorDegree());
        assertEquals(6, r.coefficientCount());
    }

    @Test
    void pauFiveFourTakesSixNumeratorAndFourDenominatorCoefficientsWithoutB0() {
        double[] p = {0.02, 0.5, 1.1, 0.9, 0.2, 0.01};
        double[] b = {-0.3, 2.1, -0.05, 0.7};
        RationalFunction r = RationalFunction.pauSafe(p, b);
        assertEquals(DenominatorKind.PAU_SAFE, r.denominatorKind());
        assertEquals(5, r.numeratorDegree());
        assertEquals(4, r.denominatorDegree());
        assertEquals(10, r.coefficientCount());
        for (double x : new double[] {-3, -1.2, -0.4, 0, 0.4, 1.2, 3}) {
            double expectedQ = pauDenominator(b, x);
            assertEquals(expectedQ, r.denominatorValue(x), TIGHT * expectedQ, "Q at " + x);
            assertEquals(polynomial(p, x) / expectedQ, r.value(x), 1e-13, "R at " + x);
        }
        assertEquals(1.0, r.denominatorValue(0.0));
    }

    @Test
    void pauWithoutDenominatorCoefficientsIsThePolynomial() {
        double[] p = {1, -2, 0.5};
        RationalFunction r = RationalFunction.pauSafe(p, new double[0]);
        assertEquals(0, r.denominatorDegree());
        for (double x : new double[] {-2, 0, 1.5}) {
            assertEquals(polynomial(p, x), r.value(x), TIGHT * (1 + Math.abs(polynomial(p, x))));
            assertEquals(1.0, r.denominatorValue(x));
        }
        assertEquals(1.0, r.denominatorValue(Double.POSITIVE_INFINITY));
    }

    @Test
    void pauDerivativeAtZeroUsesTheZeroSubgradientOfTheLinearKink() {
        // Q = 1 + |3x| + |2x^2|: one-sided slopes of Q at 0 are +-3; sign(0) = 0 picks 0.
        RationalFunction r = RationalFunction.pauSafe(new double[] {1, 5}, new double[] {3, 2});
        // R'(0) = (P'Q - P Q')/Q^2 = (5 * 1 - 1 * 0) / 1.
        assertEquals(5.0, r.derivative(0.0));
        assertEquals(5.0, r.derivative(-0.0));
        // Q''(0) = 2|b_2| = 4 (the j=2 term is smooth); R''(0) = P''/Q - 2P'Q'/Q^2 - P Q''/Q^2 + ... = -4.
        assertEquals(-4.0, r.secondDerivative(0.0), 1e-15);
        // Away from 0 the derivative has the sign of x: Q'(x) = sign(x) (3 + 4|x|).
        double x = -0.5;
        double qv = 1 + 1.5 + 0.5;
        double dq = -(3 + 2);
        assertEquals((5 * qv - (1 + 5 * x) * dq) / (qv * qv), r.derivative(x), 1e-15);
    }

    @Test
    void coefficientGradientAtAZeroPauCoefficientIsZero() {
        RationalFunction r = RationalFunction.pauSafe(new double[] {1, 1}, new double[] {0, -2});
        double[] g = new double[4];
        r.coefficientGradient(1.5, g, 0);
        assertEquals(0.0, g[2], 0.0, "sign(b_1) = 0 at b_1 = 0");
        double q = 1 + 2 * 2.25;
        double value = 2.5 / q;
        assertEquals(-value * -1 * 2.25 / q, g[3], 1e-15, "dR/db_2 = -R sign(b_2) |x|^2 / Q");
        assertEquals(1 / q, g[0], 1e-15);
        assertEquals(1.5 / q, g[1], 1e-15);
    }

    @Test
    void plainCoefficientGradientIsPowersOverQ() {
        RationalFunction r = RationalFunction.plain(new double[] {1, 2}, new double[] {3, 0, 1});
        double x = -1.25;
        double q = 3 + x * x;
        double value = (1 + 2 * x) / q;
        double[] g = new double[7];
        r.coefficientGradient(x, g, 2);
        assertEquals(1 / q, g[2], 1e-15);
        assertEquals(x / q, g[3], 1e-15);
        assertEquals(-value / q, g[4], 1e-15);
        assertEquals(-value * x / q, g[5], 1e-15);
        assertEquals(-value * x * x / q, g[6], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> r.coefficientGradient(x, new double[4], 0));
        assertThrows(IllegalArgumentException.class, () -> r.coefficientGradient(x, g, 3));
    }

    @Test
    void edgeInputs() {
        RationalFunction plain = RationalFunction.plain(new double[] {1, 2}, new double[] {2, 0, 1});
        RationalFunction pau = RationalFunction.pauSafe(new double[] {1, 2, 3}, new double[] {1, 1});
        assertEquals(0.5, plain.value(-0.0));
        assertEquals(0.5, plain.value(Double.MIN_VALUE));
        assertEquals(1.0, pau.value(-0.0));
        assertEquals(1.0, pau.value(Double.MIN_VALUE));
        assertTrue(Double.isNaN(plain.value(Double.NaN)));
        assertTrue(Double.isNaN(pau.value(Double.NaN)));
        // Large finite x: both forms approach their leading-coefficient ratio.
        assertEquals(2e-100, plain.value(1e100), 1e-113);
        assertEquals(3.0, pau.value(-1e100), 1e-13);
        // A PLAIN denominator may vanish: IEEE division, documented.
        RationalFunction pole = RationalFunction.plain(new double[] {1}, new double[] {0, 1});
        assertEquals(Double.POSITIVE_INFINITY, pole.value(0.0));
        assertTrue(Double.isInfinite(pole.value(-0.0)));
    }

    @Test
    void coefficientsAreCopiedIn() {
        double[] p = {1, 2};
        double[] q = {1, 1};
        RationalFunction r = RationalFunction.plain(p, q);
        p[0] = 100;
        q[0] = 100;
        assertEquals(3.0 / 2.0, r.value(1));
        double[] out = r.numerator();
        out[1] = 50;
        assertEquals(3.0 / 2.0, r.value(1));
        assertEquals(4, r.coefficients().length);
    }

    @Test
    void badCoefficientsAreRejectedByName() {
        assertMessage("numerator coefficients are null", () -> RationalFunction.plain(null, new double[] {1}));
        assertMessage("numerator needs at least 1", () -> RationalFunction.plain(new double[0], new double[] {1}));
        assertMessage("needs at least 1", () -> RationalFunction.plain(new double[] {1}, new double[0]));
        assertMessage("all zero", () -> RationalFunction.plain(new double[] {1}, new double[] {0, 0}));
        assertMessage("numerator coefficient 1 is not finite",
                () -> RationalFunction.plain(new double[] {1, Double.NaN}, new double[] {1}));
        assertMessage("denominator (PAU_SAFE) coefficient 0 is not finite",
                () -> RationalFunction.pauSafe(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}));
        assertMessage("kind is null", () -> RationalFunction.of(null, new double[] {1}, new double[] {1}));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
