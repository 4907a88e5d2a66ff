package org.era4j.rational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Laws of {@link RationalFunction}: the PAU safe denominator is at least 1, and every analytic
 * derivative (in x and in each coefficient) agrees with a float64 central difference.
 *
 * <p>Difference quotients use the fourth-order stencil
 * {@code (-f(z+2h) + 8 f(z+h) - 8 f(z-h) + f(z-2h)) / (12 h)}, whose truncation error is
 * {@code h^4 f^(5) / 30}. The generated functions keep every derivative moderate (PLAIN
 * denominators are products of quadratics {@code (x - e)^2 + s} with {@code s >= 0.5}; PAU
 * denominators are {@code >= 1}; {@code |x| <= 3}), so with {@code h = 1e-3} the stencil is good to
 * about 1e-10 relative, and the tolerance is {@code 1e-7 (1 + |analytic|)}.
 */
class RationalFunctionProperties {

    private static final double H = 1e-3;
    private static final double TOLERANCE = 1e-7;

    /** One function and one input where it is smooth. */
    record Case(RationalFunction function, double x) {
        @Override
        public String toString() {
            return function + " at x=" + x;
        }
    }

    @Provide
    Arbitrary<Case> smoothCases() {
        return Arbitraries.randomValue(RationalFunctionProperties::draw).withoutEdgeCases();
    }

    static Case draw(Random random) {
        double[] p = new double[1 + random.nextInt(7)];
        for (int j = 0; j < p.length; j++) {
            p[j] = 4 * random.nextDouble() - 2;
        }
        double x = 6 * random.nextDouble() - 3;
        if (random.nextBoolean()) {
            return new Case(RationalFunction.plain(p, scaledProduct(random, random.nextInt(3))), x);
        }
        double[] b = new double[random.nextInt(6)];
        for (int j = 0; j < b.length; j++) {
            // |b_j| >= 0.05 keeps the b_j kink (at b_j = 0) away from the coefficient stencil.
            b[j] = (0.05 + 1.95 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        }
        // |x| >= 0.01 keeps the x = 0 kink of |b_1 x| out of the x stencil (width 4h).
        if (Math.abs(x) < 0.01) {
            x = Math.copySign(0.01 + Math.abs(x), x);
        }
        return new Case(RationalFunction.pauSafe(p, b), x);
    }

    /** {@code s0 prod_i ((x - e_i)^2 + s_i)} with {@code |s0| in [0.5, 1.5]} of either sign, {@code s_i >= 0.5}. */
    private static double[] scaledProduct(Random random, int quadratics) {
        double[] q = {(0.5 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1)};
        for (int i = 0; i < quadratics; i++) {
            double e = 4 * random.nextDouble() - 2;
            double s = 0.5 + 1.5 * random.nextDouble();
            q = multiply(q, new double[] {e * e + s, -2 * e, 1});
        }
        return q;
    }

    private static double[] multiply(double[] left, double[] right) {
        double[] product = new double[left.length + right.length - 1];
        for (int i = 0; i < left.length; i++) {
            for (int j = 0; j < right.length; j++) {
                product[i + j] += left[i] * right[j];
            }
        }
        return product;
    }

    private interface Function {
        double at(double z);
    }

    private static double difference(Function f, double z, double h) {
        return (-f.at(z + 2 * h) + 8 * f.at(z + h) - 8 * f.at(z - h) + f.at(z - 2 * h)) / (12 * h);
    }

    @Property(tries = 400)
    void pauSafeDenominatorIsAtLeastOne(@ForAll("pauCoefficients") double[] b, @ForAll double x) {
        RationalFunction r = RationalFunction.pauSafe(new double[] {1}, b);
        double q = r.denominatorValue(x);
        if (!Double.isNaN(x)) {
            assertTrue(q >= 1, () -> "Q = " + q + " at x = " + x + ", b = " + Arrays.toString(b));
        }
    }

    @Provide
    Arbitrary<double[]> pauCoefficients() {
        return Arbitraries.doubles().between(-1e6, 1e6).array(double[].class).ofMaxSize(8);
    }

    @Property(tries = 300)
    void derivativeMatchesCentralDifference(@ForAll("smoothCases") Case c) {
        double analytic = c.function().derivative(c.x());
        double numeric = difference(c.function()::value, c.x(), H);
        assertEquals(numeric, analytic, TOLERANCE * (1 + Math.abs(analytic)), c::toString);
    }

    @Property(tries = 300)
    void secondDerivativeMatchesCentralDifferenceOfTheFirst(@ForAll("smoothCases") Case c) {
        double analytic = c.function().secondDerivative(c.x());
        double numeric = difference(c.function()::derivative, c.x(), H);
        assertEquals(numeric, analytic, TOLERANCE * (1 + Math.abs(analytic)), c::toString);
    }

    @Property(tries = 300)
    void coefficientGradientMatchesCentralDifferences(@ForAll("smoothCases") Case c) {
        RationalFunction f = c.function();
        double[] coefficients = f.coefficients();
        int numeratorCount = f.numeratorDegree() + 1;
        double[] gradient = new double[coefficients.length];
        f.coefficientGradient(c.x(), gradient, 0);
        double q = Math.abs(f.denominatorValue(c.x()));
        for (int k = 0; k < coefficients.length; k++) {
            int power = k < numeratorCount ? k
                    : k - numeratorCount + (f.denominatorKind() == DenominatorKind.PLAIN ? 0 : 1);
            // The step moves Q by about 1e-3 Q at most, so the stencil stays well inside the
            // smooth region, and (for PAU) away from the b_j = 0 kink (|b_j| >= 0.05).
            double h = H * Math.min(1, q / Math.max(1, Math.pow(Math.abs(c.x()), power)));
            if (f.denominatorKind() == DenominatorKind.PAU_SAFE && k >= numeratorCount) {
                h = Math.min(h, Math.abs(coefficients[k]) / 4);
            }
            int index = k;
            double numeric = difference(z -> perturbed(f, coefficients, index, z).value(c.x()), coefficients[k], h);
            assertEquals(numeric, gradient[k], TOLERANCE * (1 + Math.abs(gradient[k])),
                    () -> "coefficient " + index + " of " + c);
        }
    }

    private static RationalFunction perturbed(RationalFunction f, double[] coefficients, int index, double value) {
        double[] changed = coefficients.clone();
        changed[index] = value;
        int numeratorCount = f.numeratorDegree() + 1;
        return RationalFunction.of(f.denominatorKind(), Arrays.copyOf(changed, numeratorCount),
                Arrays.copyOfRange(changed, numeratorCount, changed.length));
    }
}
