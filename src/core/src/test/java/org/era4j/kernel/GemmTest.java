package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The Vector API GEMM against its scalar twin (bitwise: same FMA chain per element) and against a
 * float64 reference (error bound k * 2^-24 * sum |a||b|), for every transpose combination, odd
 * sizes around the lane count, offsets and leading dimensions, and 1 or 3 threads.
 */
class GemmTest {

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static void compare(boolean ta, boolean tb, int m, int n, int k, float beta, int threads, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = 3;
        int bOff = 5;
        int cOff = 7;
        int lda = (ta ? m : k) + 2;
        int ldb = (tb ? k : n) + 1;
        int ldc = n + 3;
        float[] a = random(r, aOff + (ta ? k : m) * lda);
        float[] b = random(r, bOff + (tb ? n : k) * ldb);
        float[] c0 = random(r, cOff + m * ldc);
        float[] fast = c0.clone();
        float[] slow = c0.clone();
        try (Gemm gemm = new Gemm(threads)) {
            gemm.multiply(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, fast, cOff, ldc);
        }
        GemmScalar.multiply(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, slow, cOff, ldc);
        assertArrayEquals(slow, fast, "m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = beta == 0f ? 0 : c0[cOff + i * ldc + j];
                double magnitude = Math.abs(exact);
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    exact += av * bv;
                    magnitude += Math.abs(av * bv);
                }
                double bound = (k + 1) * 0x1p-24 * magnitude + 1e-30;
                assertEquals(exact, fast[cOff + i * ldc + j], bound, "C[" + i + "," + j + "]");
            }
        }
    }

    /** {@link Gemm#multiplyTransposedB} against its scalar twin (bitwise) and a float64 reference. */
    @Property(tries = 60)
    void transposedBMatchesScalarTwin(@ForAll @IntRange(min = 0, max = 13) int m, @ForAll @IntRange(min = 0, max = 11) int n,
                                      @ForAll @IntRange(min = 0, max = 70) int k, @ForAll boolean accumulate) {
        SplittableRandom r = new SplittableRandom(m * 10_000L + n * 100L + k);
        int lda = k + 2;
        int ldb = k + 3;
        int ldc = n + 1;
        float beta = accumulate ? 1f : 0f;
        float[] a = random(r, 3 + m * lda);
        float[] b = random(r, 5 + n * ldb);
        float[] c0 = random(r, 7 + m * ldc);
        float[] fast = c0.clone();
        float[] slow = c0.clone();
        Gemm.multiplyTransposedB(m, n, k, a, 3, lda, b, 5, ldb, beta, fast, 7, ldc);
        GemmScalar.multiplyTransposedB(VectorSupport.floatLanes(), m, n, k, a, 3, lda, b, 5, ldb, beta, slow, 7, ldc);
        assertArrayEquals(slow, fast, "m=" + m + " n=" + n + " k=" + k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = beta == 0f ? 0 : c0[7 + i * ldc + j];
                double magnitude = Math.abs(exact);
                for (int p = 0; p < k; p++) {
                    double av = a[3 + i * lda + p];
                    double bv = b[5 + j * ldb + p];
                    exact += av * bv;
                    magnitude += Math.abs(av * bv);
                }
                assertEquals(exact, fast[7 + i * ldc + j], (k + 2) * 0x1p-24 * magnitude + 1e-30, "C[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void edgeSizesAllTransposes() {
        int lanes = VectorSupport.floatLanes();
        // column counts around the panel choices: 3-wide panels, a 4-wide last panel (4L, 7L),
        // single vector columns (5L, 8L) and scalar tails
        int[] sizes = {0, 1, 3, 15, 16, 17, 47, 49, 4 * lanes, 4 * lanes + 3, 5 * lanes, 7 * lanes, 7 * lanes + 1, 8 * lanes};
        long seed = 1;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int m : new int[] {1, 4, 5, 9, 2 * lanes + 3}) {
                    for (int n : sizes) {
                        compare(ta, tb, m, n, 13, seed % 2 == 0 ? 0f : 1f, 1, seed++);
                    }
                }
            }
        }
    }

    @Test
    void threadsDoNotChangeTheResult() {
        compare(false, false, 67, 101, 53, 0f, 3, 11);
        compare(true, true, 37, 70, 29, 1f, 2, 12);
        // above Gemm.PARALLEL_WORK, so the rows really are split (and the packing transposes too)
        compare(false, false, 130, 150, 70, 1f, 3, 13);
        compare(true, true, 150, 130, 70, 0f, 2, 14);
        compare(false, true, 66, 290, 80, 1f, 2, 15);
    }

    /**
     * A dense layer's forward, (batch, in) x (out, in)^T with in much larger than out, less than
     * twice as many outputs as rows: the product runs as C^T so the smaller input is packed. Every
     * element is the same FMA chain, so the scalar twin's bits still hold, at both betas and for
     * 1 and 2 threads.
     */
    @Test
    void denseLayerShapesRunTransposedAndMatchTheScalarTwin() {
        int lanes = VectorSupport.floatLanes();
        int m = Math.max(lanes, 4);
        compare(false, true, m, 2 * m, 50 * m, 1f, 1, 21);
        compare(false, true, m, 2 * m, 50 * m, 0f, 2, 22);
        compare(false, true, m + 3, (3 * m) / 2, 40 * m + 7, 1f, 2, 23);
    }

    @Property(tries = 40, seed = "42")
    void randomShapesMatchScalarTwin(@ForAll @IntRange(min = 0, max = 40) int m, @ForAll @IntRange(min = 0, max = 70) int n,
                                     @ForAll @IntRange(min = 0, max = 40) int k, @ForAll boolean ta, @ForAll boolean tb,
                                     @ForAll @IntRange(min = 1, max = 3) int threads) {
        compare(ta, tb, m, n, k, 1f, threads, m * 1000L + n * 10L + k);
    }

    @Test
    void nonFiniteInputsPropagate() {
        float[] a = {Float.NaN, 1f};
        float[] b = {1f, Float.POSITIVE_INFINITY};
        float[] c = new float[1];
        try (Gemm gemm = new Gemm(1)) {
            gemm.multiply(false, false, 1, 1, 2, a, 0, 2, b, 0, 1, 0f, c, 0, 1);
        }
        assertEquals(Float.NaN, c[0]);
    }

    @Test
    void badArgumentsAreRejected() {
        float[] x = new float[4];
        try (Gemm gemm = new Gemm(1)) {
            assertThrows(IllegalArgumentException.class, () -> gemm.multiply(false, false, 2, 2, 2, x, 0, 2, x.clone(), 0, 2, 0.5f, new float[4], 0, 2));
            assertThrows(IllegalArgumentException.class, () -> gemm.multiply(false, false, 2, 3, 2, x, 0, 2, x.clone(), 0, 2, 0f, new float[4], 0, 3));
            assertThrows(IllegalArgumentException.class, () -> gemm.multiply(false, false, 2, 2, 2, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
            assertThrows(IllegalArgumentException.class, () -> new Gemm(0));
        }
    }

    /** The blocked transpose (4x4 register blocks in 32x32 tiles, edges element by element) against its definition. */
    @Property(tries = 60)
    void transposeMatchesDefinition(@ForAll @IntRange(min = 0, max = 75) int rows, @ForAll @IntRange(min = 0, max = 75) int cols,
                                    @ForAll @IntRange(min = 0, max = 3) int pad) {
        int ld = rows + pad;
        int outLd = cols + pad;
        float[] x = new float[2 + Math.max(0, cols * ld)];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] out = new float[3 + Math.max(0, rows * outLd)];
        java.util.Arrays.fill(out, -1f);
        Gemm.transpose(x, 2, ld, rows, cols, out, 3, outLd);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < outLd; c++) {
                float expected = c < cols ? x[2 + c * ld + r] : -1f;
                assertEquals(expected, out[3 + r * outLd + c], "out at (" + r + ", " + c + ")");
            }
        }
    }
}
