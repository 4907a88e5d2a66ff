package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.era4j.rational.DenominatorKind;
import org.era4j.rational.EraExpansion;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraReference;
import org.era4j.rational.EraSpec;
import org.era4j.rational.RationalFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link HornerRationalVector} against its scalar twin (bit for bit, on every species) and both
 * against the float64 {@link RationalFunction}, with {@code u = 2^-24}:
 * <ul>
 *   <li>{@code |y - R(x)| <= 2 (max(m, k) + 2) u valueScale(x) + MIN_NORMAL} wherever the
 *       polynomial terms fit in float32 ({@code sum_j |c_j x^j| < MAX_VALUE / 16}), for PAU_SAFE
 *       everywhere and for PLAIN where the denominator is not ill-conditioned,
 *       {@code (k + 1) u denominatorScale(x) / |Q(x)| <= 1/4} (there a Horner denominator may be off
 *       by more than its own size, see {@link EraExpansion});</li>
 *   <li>an expanded ERA (coefficients rounded to float32) against the partial-fraction reference:
 *       {@code |y - sigma(x)| <= 2 (2n + 3) u (expansionScale(x) + valueScale(x))} where
 *       {@code (2n + 2) u kappa(x) <= 1/4} and the coefficients fit in float32.</li>
 * </ul>
 */
class HornerRationalKernelTest {

    private static final double U = 0x1p-24;
    /** Inputs whose polynomial terms reach this size may overflow float32 inside Horner; not measured. */
    private static final double OVERFLOW_GUARD = Float.MAX_VALUE / 16;
    private static final List<VectorSpecies<Float>> EVERY_SPECIES = List.of(
            FloatVector.SPECIES_64, FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512);
    private static final float[] EDGE_INPUTS = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            1e-20f, 1f, -1f, 1e10f, -1e10f, 1e30f, Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY};

    /** Coefficients {@code [p_0..p_m, denominator]} at {@code offset} of a padded array. */
    record Case(DenominatorKind kind, float[] coefficients, int offset, int numeratorCount, int denominatorCount,
                float[] x) {

        RationalFunction function() {
            double[] p = new double[numeratorCount];
            double[] q = new double[denominatorCount];
            for (int j = 0; j < numeratorCount; j++) {
                p[j] = coefficients[offset + j];
            }
            for (int j = 0; j < denominatorCount; j++) {
                q[j] = coefficients[offset + numeratorCount + j];
            }
            return RationalFunction.of(kind, p, q);
        }

        @Override
        public String toString() {
            return kind + " numerator " + numeratorCount + " denominator " + denominatorCount + " coefficients "
                    + Arrays.toString(Arrays.copyOfRange(coefficients, offset, offset + numeratorCount + denominatorCount))
                    + " length " + x.length;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(HornerRationalKernelTest::draw).withoutEdgeCases();
    }

    static Case draw(Random random) {
        DenominatorKind kind = random.nextBoolean() ? DenominatorKind.PLAIN : DenominatorKind.PAU_SAFE;
        int numeratorCount = 1 + random.nextInt(8);
        int denominatorCount = kind.minimumCoefficients() + random.nextInt(7);
        int offset = random.nextInt(4);
        float[] c = new float[offset + numeratorCount + denominatorCount + 2];
        Arrays.fill(c, Float.NaN);
        double scale = random.nextInt(4) == 0 ? 100 : 2;
        for (int j = 0; j < numeratorCount + denominatorCount; j++) {
            c[offset + j] = (float) ((2 * random.nextDouble() - 1) * scale);
        }
        if (kind == DenominatorKind.PLAIN && random.nextBoolean()) {
            // Often keep q_0 large so there is a pole-free stretch around 0 to measure accuracy on.
            c[offset + numeratorCount] = (float) (10 * scale * (random.nextBoolean() ? 1 : -1));
        }
        float[] x = new float[1 + random.nextInt(100)];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(12) == 0 ? EDGE_INPUTS[random.nextInt(EDGE_INPUTS.length)]
                    : (float) (random.nextGaussian() * 2);
        }
        return new Case(kind, c, offset, numeratorCount, denominatorCount, x);
    }

    private static int[] sizesFor(int lanes) {
        return new int[] {0, 1, lanes - 1, lanes, lanes + 1, 2 * lanes + 3, 3, 5, 7, 13, 31, 97};
    }

    /** The vector kernel equals the scalar twin bit for bit, for every species, size and offset. */
    @Property(tries = 40)
    void vectorEqualsScalarTwinOnEverySpeciesSizeAndOffset(@ForAll("cases") Case c) {
        for (VectorSpecies<Float> species : EVERY_SPECIES) {
            for (int size : sizesFor(species.length())) {
                float[] x = new float[size + 3];
                for (int i = 0; i < size; i++) {
                    x[3 + i] = c.x()[i % c.x().length];
                }
                float[] vector = new float[size + 5];
                float[] scalar = new float[size + 5];
                Arrays.fill(vector, -7f);
                Arrays.fill(scalar, -7f);
                HornerRationalVector.forward(species, c.kind(), c.coefficients(), c.offset(), c.numeratorCount(),
                        c.denominatorCount(), x, 3, vector, 5, size);
                HornerRationalScalar.forward(c.kind(), c.coefficients(), c.offset(), c.numeratorCount(),
                        c.denominatorCount(), x, 3, scalar, 5, size);
                for (int i = 0; i < size + 5; i++) {
                    if (Float.floatToIntBits(vector[i]) != Float.floatToIntBits(scalar[i])) {
                        fail(species + " size " + size + ": index " + i + " x=" + (i >= 5 ? x[i - 2] : Float.NaN)
                                + " vector " + vector[i] + " scalar " + scalar[i] + " for " + c);
                    }
                }
                for (int i = 0; i < 5; i++) {
                    assertEquals(-7f, vector[i], "wrote before yOffset");
                }
            }
        }
    }

    @Test
    void defaultSpeciesEntryPointMatchesTheScalarTwin() {
        Case c = draw(new Random(11));
        float[] vector = new float[c.x().length];
        float[] scalar = new float[c.x().length];
        HornerRationalVector.forward(c.kind(), c.coefficients(), c.offset(), c.numeratorCount(), c.denominatorCount(),
                c.x(), 0, vector, 0, c.x().length);
        HornerRationalScalar.forward(c.kind(), c.coefficients(), c.offset(), c.numeratorCount(), c.denominatorCount(),
                c.x(), 0, scalar, 0, c.x().length);
        assertTrue(Arrays.equals(scalar, vector), c::toString);
    }

    /** Both kernels against float64 under the condition-aware bound. */
    @Property(tries = 300)
    void kernelsAreWithinTheConditionAwareBoundOfFloat64(@ForAll("cases") Case c) {
        float[] scalar = new float[c.x().length];
        float[] vector = new float[c.x().length];
        HornerRationalScalar.forward(c.kind(), c.coefficients(), c.offset(), c.numeratorCount(), c.denominatorCount(),
                c.x(), 0, scalar, 0, scalar.length);
        HornerRationalVector.forward(c.kind(), c.coefficients(), c.offset(), c.numeratorCount(), c.denominatorCount(),
                c.x(), 0, vector, 0, vector.length);
        assertWithinBound(c, scalar, "scalar");
        assertWithinBound(c, vector, "vector");
    }

    private static void assertWithinBound(Case c, float[] y, String kernel) {
        RationalFunction f = c.function();
        int m = f.numeratorDegree();
        int k = f.denominatorDegree();
        for (int i = 0; i < y.length; i++) {
            double x = c.x()[i];
            if (!Float.isFinite(c.x()[i])) {
                continue;
            }
            double q = f.denominatorValue(x);
            if (c.kind() == DenominatorKind.PLAIN && (k + 1) * U * f.denominatorScale(x) / Math.abs(q) > 0.25) {
                continue;
            }
            if (Math.max(f.numeratorScale(x), f.denominatorScale(x)) > OVERFLOW_GUARD) {
                continue; // documented: the polynomial values overflow float32 before the division
            }
            double expected = f.value(x);
            double bound = 2 * (Math.max(m, k) + 2) * U * f.valueScale(x) + Float.MIN_NORMAL;
            double error = Math.abs(y[i] - expected);
            int index = i;
            assertTrue(error <= bound, () -> kernel + " index " + index + " x=" + x + ": y=" + y[index] + " expected "
                    + expected + " error " + error + " > bound " + bound + " for " + c);
        }
    }

    /** PAU safe denominator in float32: Q >= 1, so 1/Q lies in [0, 1] (0 only once Q overflows). */
    @Property(tries = 200)
    void pauSafeDenominatorIsAtLeastOneInFloat32(@ForAll("pauDenominators") float[] b, @ForAll float x) {
        float[] c = new float[1 + b.length];
        c[0] = 1;
        System.arraycopy(b, 0, c, 1, b.length);
        float[] in = {x, x, x, x, x};
        float[] scalar = new float[5];
        float[] vector = new float[5];
        HornerRationalScalar.forward(DenominatorKind.PAU_SAFE, c, 0, 1, b.length, in, 0, scalar, 0, 5);
        HornerRationalVector.forward(FloatVector.SPECIES_128, DenominatorKind.PAU_SAFE, c, 0, 1, b.length, in, 0,
                vector, 0, 5);
        for (int i = 0; i < 5; i++) {
            int index = i;
            assertTrue(scalar[i] >= 0 && scalar[i] <= 1 && vector[i] == scalar[i],
                    () -> "1/Q = " + scalar[index] + " / " + vector[index] + " at x=" + x + " b=" + Arrays.toString(b));
        }
    }

    @Provide
    Arbitrary<float[]> pauDenominators() {
        return Arbitraries.floats().between(-1e6f, 1e6f).array(float[].class).ofMaxSize(8);
    }

    @Test
    void nanAndInfinityFollowIeee() {
        float[] c = {1, 2, 3, 0.5f, 0.25f};
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
        for (DenominatorKind kind : DenominatorKind.values()) {
            float[] y = new float[x.length];
            HornerRationalVector.forward(FloatVector.SPECIES_64, kind, c, 0, 3, 2, x, 0, y, 0, x.length);
            assertTrue(Float.isNaN(y[0]), "NaN in, NaN out");
            assertTrue(Float.isNaN(y[1]) && Float.isNaN(y[2]), "inf/inf is NaN without limits: " + Arrays.toString(y));
        }
        float[] y = new float[x.length];
        HornerRationalScalar.forward(DenominatorKind.PAU_SAFE, c, 0, 3, 2, x, 0, y, 0, x.length);
        assertEquals(1f, y[3]);
        assertEquals(1f, y[4]);
    }

    @Test
    void inPlaceWorksAndPartialOverlapIsRejected() {
        float[] c = {1, -1, 2, 1, 0.5f};
        float[] data = new float[40];
        float[] expected = new float[37];
        for (int i = 0; i < 37; i++) {
            data[3 + i] = i * 0.1f - 1.5f;
        }
        HornerRationalScalar.forward(DenominatorKind.PLAIN, c, 0, 2, 3, data, 3, expected, 0, 37);
        HornerRationalVector.forward(DenominatorKind.PLAIN, c, 0, 2, 3, data, 3, data, 3, 37);
        assertTrue(Arrays.equals(expected, Arrays.copyOfRange(data, 3, 40)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HornerRationalVector.forward(DenominatorKind.PLAIN, c, 0, 2, 3, data, 3, data, 4, 30));
        assertTrue(e.getMessage().contains("partly overlaps"), e.getMessage());
    }

    @Test
    void badArgumentsAreRejectedByName() {
        float[] c = {1, 2, 3};
        float[] x = new float[4];
        float[] y = new float[4];
        assertMessage("kind is null", () -> HornerRationalVector.forward(null, c, 0, 2, 1, x, 0, y, 0, 4));
        assertMessage("numeratorCount", () -> HornerRationalVector.forward(DenominatorKind.PLAIN, c, 0, 0, 1, x, 0, y, 0, 4));
        assertMessage("denominatorCount", () -> HornerRationalScalar.forward(DenominatorKind.PLAIN, c, 0, 3, 0, x, 0, y, 0, 4));
        assertMessage("coefficients", () -> HornerRationalVector.forward(DenominatorKind.PLAIN, c, 1, 2, 1, x, 0, y, 0, 4));
        assertMessage("x:", () -> HornerRationalVector.forward(DenominatorKind.PAU_SAFE, c, 0, 2, 1, x, 1, y, 0, 4));
        assertMessage("y:", () -> HornerRationalVector.forward(DenominatorKind.PAU_SAFE, c, 0, 2, 1, x, 0, y, 2, 3));
        assertMessage("length", () -> HornerRationalVector.forward(DenominatorKind.PAU_SAFE, c, 0, 2, 1, x, 0, y, 0, -1));
        // PAU may have no denominator coefficients (Q = 1).
        HornerRationalVector.forward(DenominatorKind.PAU_SAFE, c, 0, 3, 0, x, 0, y, 0, 4);
        assertEquals(1f, y[0]);
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    // ---- The expanded ERA in float32: accurate where well-conditioned, not positive otherwise ----

    /** {@code sum_j |c_j| |x|^j} over all coefficients: bounds every Horner intermediate. */
    private static double absoluteSum(float[] c, double x) {
        double sum = 0;
        for (int j = c.length - 1; j >= 0; j--) {
            sum = sum * Math.abs(x) + Math.abs(c[j]);
        }
        return sum;
    }

    private static float[] expandedCoefficients(EraSpec spec, double[] params) {
        RationalFunction r = EraExpansion.expand(spec, params, 0);
        double[] all = r.coefficients();
        float[] c = new float[all.length];
        for (int j = 0; j < all.length; j++) {
            c[j] = (float) all[j];
        }
        return c;
    }

    @Provide
    Arbitrary<double[]> eraParameters() {
        return Arbitraries.randomValue(random -> {
            EraSpec spec = EraSpec.of(1 + random.nextInt(EraSpec.MAX_FRACTIONS));
            double[] p = new double[spec.parameterCount()];
            double magnitude = random.nextInt(3) == 0 ? Math.pow(10, random.nextInt(4)) : 3;
            for (int k = 0; k < p.length; k++) {
                boolean centre = k >= 2 && (k - 2) % 4 == 2;
                p[k] = (float) ((2 * random.nextDouble() - 1) * (centre ? magnitude : 3));
            }
            return p;
        }).withoutEdgeCases();
    }

    @Property(tries = 200)
    void expandedEraInFloat32FollowsTheConditionAwareBounds(@ForAll("eraParameters") double[] params) {
        EraSpec spec = EraSpec.of((params.length - 2) / 4);
        int n = spec.fractions();
        float[] c = expandedCoefficients(spec, params);
        boolean finite = true;
        for (float v : c) {
            finite &= Float.isFinite(v);
        }
        if (!finite) {
            return; // documented: the float32 coefficients overflow; nothing to measure
        }
        Random random = new Random(Arrays.hashCode(params));
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            double centre = params[EraLayout.e(random.nextInt(n))];
            x[i] = (float) (random.nextBoolean() ? centre + random.nextGaussian() : 5 * random.nextGaussian());
        }
        float[] y = new float[x.length];
        float[] inverseQ = new float[x.length];
        HornerRationalVector.forward(DenominatorKind.PLAIN, c, 0, 2 * n + 2, 2 * n + 1, x, 0, y, 0, x.length);
        float[] one = new float[2 * n + 2];
        one[0] = 1;
        System.arraycopy(c, 2 * n + 2, one, 1, 2 * n + 1);
        HornerRationalVector.forward(DenominatorKind.PLAIN, one, 0, 1, 2 * n + 1, x, 0, inverseQ, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double kappa = EraExpansion.denominatorCondition(spec, params, 0, x[i]);
            if ((2 * n + 2) * U * kappa > 0.25 || absoluteSum(c, x[i]) > OVERFLOW_GUARD) {
                continue;
            }
            double exactQ = 1;
            for (int f = 0; f < n; f++) {
                exactQ *= EraReference.quadratic(spec, params, 0, f, x[i]);
            }
            int index = i;
            assertTrue(inverseQ[i] > 0, () -> "1/Q = " + inverseQ[index] + " at x=" + x[index] + " kappa " + kappa);
            double relative = Math.abs(1 / (double) inverseQ[i] - exactQ) / exactQ;
            assertTrue(relative <= 2 * (2 * n + 2) * U * kappa,
                    () -> "Q relative error " + relative + " at x=" + x[index] + " kappa " + kappa);
            double expected = EraReference.value(spec, params, 0, x[i]);
            double bound = 2 * (2 * n + 3) * U * (EraExpansion.expansionScale(spec, params, 0, x[i])
                    + EraReference.valueScale(spec, params, 0, x[i])) + Float.MIN_NORMAL;
            double error = Math.abs(y[i] - expected);
            assertTrue(error <= bound, () -> "index " + index + " x=" + x[index] + " error " + error + " > " + bound);
        }
    }

    /**
     * n = 1, e = 1000, f = 0: Q(x) = (x - 1000)^2 + eps >= 1e-3 exactly, but its float32 constant
     * coefficient 1e6 + 1e-3 rounds to 1e6, so Horner returns exactly 0 at x = 1000 and the kernel
     * divides by zero; the partial-fraction kernel stays finite and accurate.
     */
    @Test
    void expandedEraDenominatorRoundsToZeroInFloat32NearADistantCentre() {
        EraSpec spec = EraSpec.of(1);
        float[] params = {1, 0, 1, 0, 1000, 0};
        double[] p = EraReference.toDouble(spec, params, 0);
        float[] c = expandedCoefficients(spec, p);
        float[] x = {1000f};
        float[] horner = new float[1];
        float[] inverseQ = new float[1];
        HornerRationalVector.forward(DenominatorKind.PLAIN, c, 0, 4, 3, x, 0, horner, 0, 1);
        HornerRationalScalar.forward(DenominatorKind.PLAIN, new float[] {1, c[4], c[5], c[6]}, 0, 1, 3, x, 0, inverseQ, 0, 1);
        assertEquals(Float.POSITIVE_INFINITY, inverseQ[0], "1/Q with Q rounded to +0");
        assertTrue(!Float.isFinite(horner[0]), "Horner ERA value " + horner[0]);
        float[] partialFractions = new float[1];
        ScalarEraBackend.INSTANCE.forward(spec, params, 0, x, 0, partialFractions, 0, 1);
        double expected = EraReference.value(spec, p, 0, 1000);
        assertEquals(expected, partialFractions[0], 1e-6 * Math.abs(expected));
    }
}
