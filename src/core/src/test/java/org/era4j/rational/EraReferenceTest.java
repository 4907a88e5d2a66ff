package org.era4j.rational;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The float64 reference: pole-free by construction, and its analytic derivatives match differences. */
class EraReferenceTest {

    record Point(EraSpec spec, double[] params, double x) {
    }

    @Provide
    Arbitrary<Point> points() {
        Arbitrary<Integer> n = Arbitraries.integers().between(1, EraSpec.MAX_FRACTIONS);
        return n.flatMap(fractions -> {
            EraSpec spec = EraSpec.of(fractions);
            Arbitrary<double[]> params = Arbitraries.doubles().between(-3, 3).array(double[].class)
                    .ofSize(spec.parameterCount());
            return Combinators.combine(params, Arbitraries.doubles().between(-4, 4))
                    .as((p, x) -> new Point(spec, p, x));
        });
    }

    /** The denominator of every fraction is at least eps, whatever e and f are (f = 0 included). */
    @Property
    void everyQuadraticIsAtLeastEps(@ForAll @IntRange(min = 1, max = 8) int n,
                                    @ForAll @DoubleRange(min = -1e18, max = 1e18) double e,
                                    @ForAll @DoubleRange(min = -1e18, max = 1e18) double x,
                                    @ForAll boolean fIsZero,
                                    @ForAll @DoubleRange(min = -1e9, max = 1e9) double f,
                                    @ForAll @IntRange(min = 0, max = 12) int epsExponent) {
        float eps = (float) Math.pow(10, -epsExponent);
        EraSpec spec = new EraSpec(n, eps);
        double[] p = new double[spec.parameterCount()];
        for (int i = 0; i < n; i++) {
            p[EraLayout.e(i)] = e;
            p[EraLayout.f(i)] = fIsZero ? 0 : f;
        }
        for (int i = 0; i < n; i++) {
            assertTrue(EraReference.quadratic(spec, p, 0, i, x) >= eps);
        }
        assertTrue(Double.isFinite(EraReference.value(spec, p, 0, x)));
    }

    @Property(tries = 300)
    void derivativeMatchesCentralDifferences(@ForAll("points") Point pt) {
        double h = 1e-5;
        double numeric = (EraReference.value(pt.spec(), pt.params(), 0, pt.x() + h)
                - EraReference.value(pt.spec(), pt.params(), 0, pt.x() - h)) / (2 * h);
        double analytic = EraReference.derivative(pt.spec(), pt.params(), 0, pt.x());
        double scale = curvatureScale(pt);
        assertEquals(analytic, numeric, 1e-6 * scale, "sigma'(" + pt.x() + ")");
    }

    @Property(tries = 300)
    void secondDerivativeMatchesCentralDifferencesOfTheFirst(@ForAll("points") Point pt) {
        double h = 1e-5;
        double numeric = (EraReference.derivative(pt.spec(), pt.params(), 0, pt.x() + h)
                - EraReference.derivative(pt.spec(), pt.params(), 0, pt.x() - h)) / (2 * h);
        double analytic = EraReference.secondDerivative(pt.spec(), pt.params(), 0, pt.x());
        assertEquals(analytic, numeric, 1e-6 * curvatureScale(pt) / EraSpec.DEFAULT_EPS, "sigma''(" + pt.x() + ")");
    }

    @Property(tries = 300)
    void everyParameterGradientMatchesCentralDifferences(@ForAll("points") Point pt) {
        int count = pt.spec().parameterCount();
        double[] gradient = new double[count];
        EraReference.parameterGradient(pt.spec(), pt.params(), 0, pt.x(), gradient, 0);
        for (int k = 0; k < count; k++) {
            double[] plus = pt.params().clone();
            double[] minus = pt.params().clone();
            double h = 1e-6;
            plus[k] += h;
            minus[k] -= h;
            double numeric = (EraReference.value(pt.spec(), plus, 0, pt.x()) - EraReference.value(pt.spec(), minus, 0, pt.x())) / (2 * h);
            assertEquals(gradient[k], numeric, 1e-5 * curvatureScale(pt), "d sigma / d " + EraLayout.name(k));
        }
    }

    /** A bound on the third derivative's size (the central-difference error is h^2/6 of it): grows like 1/q^2. */
    private static double curvatureScale(Point pt) {
        double s = 1;
        for (int i = 0; i < pt.spec().fractions(); i++) {
            double q = EraReference.quadratic(pt.spec(), pt.params(), 0, i, pt.x());
            s += EraReference.valueScale(pt.spec(), pt.params(), 0, pt.x()) / (q * q);
        }
        return s;
    }

    @Test
    void referenceSplitRoundTrips() {
        EraSpec spec = EraSpec.of(2);
        double[] numerator = {1, 2, 3, 4, 5, 6};
        double[] denominator = {7, 8, 9, 10};
        float[] params = EraLayout.fromReference(spec, numerator, denominator);
        assertArrayEquals(new float[] {1, 2, 3, 4, 7, 8, 5, 6, 9, 10}, params);
        assertArrayEquals(numerator, EraLayout.referenceNumerator(spec, params, 0));
        assertArrayEquals(denominator, EraLayout.referenceDenominator(spec, params, 0));
        assertEquals("e2", EraLayout.name(EraLayout.e(1)));
        assertEquals("a", EraLayout.name(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EraLayout.fromReference(spec, new double[5], denominator));
        assertTrue(e.getMessage().contains("numerator"));
    }

    @Test
    void specRejectsBadDegreesAndEps() {
        assertThrows(IllegalArgumentException.class, () -> new EraSpec(0, 1e-3f));
        assertThrows(IllegalArgumentException.class, () -> new EraSpec(9, 1e-3f));
        for (float eps : new float[] {0f, -1e-3f, Float.NaN, Float.POSITIVE_INFINITY, 1e-13f}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EraSpec(2, eps));
            assertTrue(e.getMessage().contains("eps"), e.getMessage());
        }
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> EraSpec.ofDenominatorDegree(3, 1e-3f));
        assertTrue(odd.getMessage().contains("even"));
        assertEquals(2, EraSpec.ofDenominatorDegree(4, 1e-3f).fractions());
        assertEquals(10, EraSpec.of(2).parameterCount());
        assertEquals(5, EraSpec.of(2).numeratorDegree());
    }
}
