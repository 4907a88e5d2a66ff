package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The row-start GEMM against its scalar twin (bitwise: one FMA chain per element, p in order),
 * against {@link GemmScalar} when the row starts describe a plain row-major matrix, and against a
 * float64 reference within {@code (k + 1) * 2^-24 * sum |a b|}; rows drawn anywhere in their
 * arrays, overlapping, around the lane count. Edge values (signed zeros, subnormals, +-huge,
 * infinities, NaN) keep the twins equal.
 */
class IndexedGemmTest {

    private static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL / 3, 3e38f, -3e38f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    @Property(tries = 80)
    void vectorKernelsEqualTheScalarTwinAndTheFloat64Reference(@ForAll @IntRange(min = 0, max = 41) int m,
                                                                @ForAll @IntRange(min = 0, max = 70) int n,
                                                                @ForAll @IntRange(min = 0, max = 37) int k,
                                                                @ForAll boolean accumulate, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = random(r, m + k + 13);
        float[] b = random(r, 2 * n + k + 29);
        int[] aRows = starts(r, m, a.length - k);
        int[] bRows = starts(r, k, b.length - n);
        int cOffset = r.nextInt(5);
        int ldc = n + r.nextInt(3);
        float[] c0 = random(r, cOffset + m * ldc);
        float[] fast = c0.clone();
        float[] slow = c0.clone();
        float beta = accumulate ? 1f : 0f;
        IndexedGemm.multiply(m, n, k, a, aRows, b, bRows, beta, fast, cOffset, ldc);
        IndexedGemm.multiplyScalar(m, n, k, a, aRows, b, bRows, beta, slow, cOffset, ldc);
        for (int i = 0; i < fast.length; i++) {
            assertEquals(Float.floatToRawIntBits(slow[i]), Float.floatToRawIntBits(fast[i]), "C at " + i);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = accumulate ? c0[cOffset + i * ldc + j] : 0;
                double magnitude = Math.abs(exact);
                for (int p = 0; p < k; p++) {
                    double term = (double) a[aRows[i] + p] * b[bRows[p] + j];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                assertEquals(exact, fast[cOffset + i * ldc + j], (k + 1) * 0x1p-24 * magnitude + 1e-30,
                        "C[" + i + "," + j + "]");
            }
        }
    }

    @Property(tries = 40)
    void plainRowStartsGiveTheBitsOfTheStridedGemm(@ForAll @IntRange(min = 1, max = 37) int m,
                                                   @ForAll @IntRange(min = 1, max = 53) int n,
                                                   @ForAll @IntRange(min = 1, max = 29) int k, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int lda = k + 2;
        int ldb = n + 1;
        float[] a = random(r, m * lda);
        float[] b = random(r, k * ldb);
        int[] aRows = new int[m];
        int[] bRows = new int[k];
        for (int i = 0; i < m; i++) {
            aRows[i] = i * lda;
        }
        for (int p = 0; p < k; p++) {
            bRows[p] = p * ldb;
        }
        float[] indexed = new float[m * n];
        float[] strided = new float[m * n];
        IndexedGemm.multiply(m, n, k, a, aRows, b, bRows, 0f, indexed, 0, n);
        GemmScalar.multiply(false, false, m, n, k, a, 0, lda, b, 0, ldb, 0f, strided, 0, n);
        for (int i = 0; i < indexed.length; i++) {
            assertEquals(Float.floatToRawIntBits(strided[i]), Float.floatToRawIntBits(indexed[i]), "C at " + i);
        }
    }

    @Property(tries = 30)
    void edgeValuesKeepTheTwinsEqual(@ForAll @IntRange(min = 1, max = 21) int m,
                                     @ForAll @IntRange(min = 1, max = 67) int n,
                                     @ForAll @IntRange(min = 1, max = 9) int k, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = random(r, m + k + 5);
        float[] b = random(r, n + k + 40);
        for (int i = 0; i < a.length; i += 3) {
            a[i] = EDGES[r.nextInt(EDGES.length)];
        }
        for (int i = 1; i < b.length; i += 4) {
            b[i] = EDGES[r.nextInt(EDGES.length)];
        }
        int[] aRows = starts(r, m, a.length - k);
        int[] bRows = starts(r, k, b.length - n);
        float[] fast = new float[m * n];
        float[] slow = new float[m * n];
        IndexedGemm.multiply(m, n, k, a, aRows, b, bRows, 0f, fast, 0, n);
        IndexedGemm.multiplyScalar(m, n, k, a, aRows, b, bRows, 0f, slow, 0, n);
        for (int i = 0; i < fast.length; i++) {
            // NaN payloads are not specified; every NaN counts as one value
            assertEquals(Float.floatToIntBits(slow[i]), Float.floatToIntBits(fast[i]), "C at " + i);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        float[] a = new float[10];
        float[] b = new float[10];
        float[] c = new float[4];
        assertMessage("row 1", () -> IndexedGemm.multiply(2, 2, 3, a, new int[] {0, 8}, b, new int[] {0, 0, 0}, 0f, c, 0, 2));
        assertMessage("row 0", () -> IndexedGemm.multiply(2, 2, 3, a, new int[] {0, 0}, b, new int[] {-1, 0, 0}, 0f, c, 0, 2));
        assertMessage("3 rows but 2 row starts", () -> IndexedGemm.multiply(2, 2, 3, a, new int[] {0, 0}, b, new int[] {0, 0}, 0f, c, 0, 2));
        assertMessage("beta", () -> IndexedGemm.multiply(2, 2, 3, a, new int[] {0, 0}, b, new int[] {0, 0, 0}, 0.5f, c, 0, 2));
        assertMessage("does not fit", () -> IndexedGemm.multiply(2, 2, 3, a, new int[] {0, 0}, b, new int[] {0, 0, 0}, 0f, c, 1, 2));
        assertMessage("must not be the array", () -> IndexedGemm.multiply(2, 2, 3, a, new int[] {0, 0}, b, new int[] {0, 0, 0}, 0f, a, 0, 2));
        assertMessage(">= 0", () -> IndexedGemm.multiply(-1, 2, 3, a, new int[] {0, 0}, b, new int[] {0, 0, 0}, 0f, c, 0, 2));
    }

    private static void assertMessage(String part, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static int[] starts(SplittableRandom r, int count, int bound) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = r.nextInt(bound + 1);
        }
        return rows;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
