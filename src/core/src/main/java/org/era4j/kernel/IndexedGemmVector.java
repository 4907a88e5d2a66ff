package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernels of {@link IndexedGemm}, shaped like {@code GemmVector}'s: 4 x 3L
 * blocks of C in twelve accumulators (L = lanes), a 4 x 4L block where one vector column would be
 * left over, 4 x L blocks, then {@link IndexedGemm#scalarBlock} for the last columns and rows.
 * Row starts come from the index arrays instead of a leading dimension. Loaded only when
 * {@link VectorSupport#enabled()}.
 */
final class IndexedGemmVector {

    private static final VectorSpecies<Float> SPECIES = VectorSupport.Species.FLOAT;
    private static final int ROWS = 4;

    private IndexedGemmVector() {
    }

    /** All of C; column panels outer, so one panel's rows of B stay in cache across the row blocks. */
    static void rows(int m, int n, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                     float beta, float[] c, int co, int ldc) {
        int lanes = SPECIES.length();
        int blockEnd = m / ROWS * ROWS;
        int vectors = n / lanes;
        int wideEnd = vectors % 3 == 1 && vectors >= 4 ? (vectors - 4) * lanes : vectors / 3 * 3 * lanes;
        int j = 0;
        for (; j < wideEnd; j += 3 * lanes) {
            for (int i = 0; i < blockEnd; i += ROWS) {
                block4x3(i, j, k, a, aRows, b, bRows, beta, c, co, ldc);
            }
        }
        if (wideEnd < vectors / 3 * 3 * lanes) {
            for (int i = 0; i < blockEnd; i += ROWS) {
                block4x4(i, j, k, a, aRows, b, bRows, beta, c, co, ldc);
            }
            j += 4 * lanes;
        }
        for (; j + lanes <= n; j += lanes) {
            for (int i = 0; i < blockEnd; i += ROWS) {
                block4x1(i, j, k, a, aRows, b, bRows, beta, c, co, ldc);
            }
        }
        IndexedGemm.scalarBlock(0, blockEnd, j, n, k, a, aRows, b, bRows, beta, c, co, ldc);
        for (int i = blockEnd; i < m; i++) {
            int col = 0;
            for (; col + lanes <= n; col += lanes) {
                block1x1(i, col, k, a, aRows, b, bRows, beta, c, co, ldc);
            }
            IndexedGemm.scalarBlock(i, i + 1, col, n, k, a, aRows, b, bRows, beta, c, co, ldc);
        }
    }

    private static FloatVector start(float beta, float[] c, int index) {
        return beta == 0f ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, index);
    }

    private static void block4x3(int i, int j, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                                 float beta, float[] c, int co, int ldc) {
        int l = SPECIES.length();
        int c0 = co + i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector s00 = start(beta, c, c0), s01 = start(beta, c, c0 + l), s02 = start(beta, c, c0 + 2 * l);
        FloatVector s10 = start(beta, c, c1), s11 = start(beta, c, c1 + l), s12 = start(beta, c, c1 + 2 * l);
        FloatVector s20 = start(beta, c, c2), s21 = start(beta, c, c2 + l), s22 = start(beta, c, c2 + 2 * l);
        FloatVector s30 = start(beta, c, c3), s31 = start(beta, c, c3 + l), s32 = start(beta, c, c3 + 2 * l);
        int a0 = aRows[i];
        int a1 = aRows[i + 1];
        int a2 = aRows[i + 2];
        int a3 = aRows[i + 3];
        for (int p = 0; p < k; p++) {
            int bRow = bRows[p] + j;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bRow + 2 * l);
            FloatVector v = FloatVector.broadcast(SPECIES, a[a0 + p]);
            s00 = v.fma(b0, s00);
            s01 = v.fma(b1, s01);
            s02 = v.fma(b2, s02);
            v = FloatVector.broadcast(SPECIES, a[a1 + p]);
            s10 = v.fma(b0, s10);
            s11 = v.fma(b1, s11);
            s12 = v.fma(b2, s12);
            v = FloatVector.broadcast(SPECIES, a[a2 + p]);
            s20 = v.fma(b0, s20);
            s21 = v.fma(b1, s21);
            s22 = v.fma(b2, s22);
            v = FloatVector.broadcast(SPECIES, a[a3 + p]);
            s30 = v.fma(b0, s30);
            s31 = v.fma(b1, s31);
            s32 = v.fma(b2, s32);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + l);
        s02.intoArray(c, c0 + 2 * l);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + l);
        s12.intoArray(c, c1 + 2 * l);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + l);
        s22.intoArray(c, c2 + 2 * l);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + l);
        s32.intoArray(c, c3 + 2 * l);
    }

    private static void block4x4(int i, int j, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                                 float beta, float[] c, int co, int ldc) {
        int l = SPECIES.length();
        int c0 = co + i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector s00 = start(beta, c, c0), s01 = start(beta, c, c0 + l);
        FloatVector s02 = start(beta, c, c0 + 2 * l), s03 = start(beta, c, c0 + 3 * l);
        FloatVector s10 = start(beta, c, c1), s11 = start(beta, c, c1 + l);
        FloatVector s12 = start(beta, c, c1 + 2 * l), s13 = start(beta, c, c1 + 3 * l);
        FloatVector s20 = start(beta, c, c2), s21 = start(beta, c, c2 + l);
        FloatVector s22 = start(beta, c, c2 + 2 * l), s23 = start(beta, c, c2 + 3 * l);
        FloatVector s30 = start(beta, c, c3), s31 = start(beta, c, c3 + l);
        FloatVector s32 = start(beta, c, c3 + 2 * l), s33 = start(beta, c, c3 + 3 * l);
        int a0 = aRows[i];
        int a1 = aRows[i + 1];
        int a2 = aRows[i + 2];
        int a3 = aRows[i + 3];
        for (int p = 0; p < k; p++) {
            int bRow = bRows[p] + j;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bRow + 2 * l);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bRow + 3 * l);
            FloatVector v = FloatVector.broadcast(SPECIES, a[a0 + p]);
            s00 = v.fma(b0, s00);
            s01 = v.fma(b1, s01);
            s02 = v.fma(b2, s02);
            s03 = v.fma(b3, s03);
            v = FloatVector.broadcast(SPECIES, a[a1 + p]);
            s10 = v.fma(b0, s10);
            s11 = v.fma(b1, s11);
            s12 = v.fma(b2, s12);
            s13 = v.fma(b3, s13);
            v = FloatVector.broadcast(SPECIES, a[a2 + p]);
            s20 = v.fma(b0, s20);
            s21 = v.fma(b1, s21);
            s22 = v.fma(b2, s22);
            s23 = v.fma(b3, s23);
            v = FloatVector.broadcast(SPECIES, a[a3 + p]);
            s30 = v.fma(b0, s30);
            s31 = v.fma(b1, s31);
            s32 = v.fma(b2, s32);
            s33 = v.fma(b3, s33);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + l);
        s02.intoArray(c, c0 + 2 * l);
        s03.intoArray(c, c0 + 3 * l);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + l);
        s12.intoArray(c, c1 + 2 * l);
        s13.intoArray(c, c1 + 3 * l);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + l);
        s22.intoArray(c, c2 + 2 * l);
        s23.intoArray(c, c2 + 3 * l);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + l);
        s32.intoArray(c, c3 + 2 * l);
        s33.intoArray(c, c3 + 3 * l);
    }

    private static void block4x1(int i, int j, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                                 float beta, float[] c, int co, int ldc) {
        int c0 = co + i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector s0 = start(beta, c, c0);
        FloatVector s1 = start(beta, c, c1);
        FloatVector s2 = start(beta, c, c2);
        FloatVector s3 = start(beta, c, c3);
        int a0 = aRows[i];
        int a1 = aRows[i + 1];
        int a2 = aRows[i + 2];
        int a3 = aRows[i + 3];
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(SPECIES, b, bRows[p] + j);
            s0 = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(bv, s0);
            s1 = FloatVector.broadcast(SPECIES, a[a1 + p]).fma(bv, s1);
            s2 = FloatVector.broadcast(SPECIES, a[a2 + p]).fma(bv, s2);
            s3 = FloatVector.broadcast(SPECIES, a[a3 + p]).fma(bv, s3);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c1);
        s2.intoArray(c, c2);
        s3.intoArray(c, c3);
    }

    private static void block1x1(int i, int j, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                                 float beta, float[] c, int co, int ldc) {
        int c0 = co + i * ldc + j;
        FloatVector s = start(beta, c, c0);
        int a0 = aRows[i];
        for (int p = 0; p < k; p++) {
            s = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(FloatVector.fromArray(SPECIES, b, bRows[p] + j), s);
        }
        s.intoArray(c, c0);
    }
}
