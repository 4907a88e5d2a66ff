package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernels of {@link Gemm}: a 4 x 3L block of C in twelve vector
 * accumulators (L = lanes), then 4 x L blocks, single rows, and the scalar twin's loop for
 * the last columns. Loaded only when {@link VectorSupport#enabled()}.
 */
final class GemmVector {

    static final VectorSpecies<Float> SPECIES = VectorSupport.Species.FLOAT;

    private GemmVector() {
    }

    /**
     * Rows {@code [from, to)} of C. Column panels are the outer loop so one k x 3L panel of B
     * (about 100 KB for k = 512 at 16 lanes) stays in L2 while every 4-row block of A streams past it.
     */
    static void rows(int from, int to, int n, int k, float[] a, int ao, int lda,
                             float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
        int lanes = SPECIES.length();
        int blockEnd = from + (to - from) / Gemm.ROWS * Gemm.ROWS;
        int j = 0;
        for (; j + 3 * lanes <= n; j += 3 * lanes) {
            for (int i = from; i < blockEnd; i += Gemm.ROWS) {
                block4x3(i, j, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        }
        for (; j + lanes <= n; j += lanes) {
            for (int i = from; i < blockEnd; i += Gemm.ROWS) {
                block4x1(i, j, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        }
        if (j < n && blockEnd > from) {
            GemmScalar.rows(from, blockEnd, j, n, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        }
        for (int i = blockEnd; i < to; i++) {
            int col = 0;
            for (; col + lanes <= n; col += lanes) {
                block1x1(i, col, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
            if (col < n) {
                GemmScalar.rows(i, i + 1, col, n, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        }
    }

    private static FloatVector start(float beta, float[] c, int index) {
        return beta == 0f ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, index);
    }

    private static void block4x3(int i, int j, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
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
        int a0 = ao + i * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int bRow = bo + j;
        for (int p = 0; p < k; p++, bRow += ldb) {
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

    private static void block4x1(int i, int j, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                 float beta, float[] c, int co, int ldc) {
        int c0 = co + i * ldc + j;
        FloatVector s0 = start(beta, c, c0);
        FloatVector s1 = start(beta, c, c0 + ldc);
        FloatVector s2 = start(beta, c, c0 + 2 * ldc);
        FloatVector s3 = start(beta, c, c0 + 3 * ldc);
        int a0 = ao + i * lda;
        int bRow = bo + j;
        for (int p = 0; p < k; p++, bRow += ldb) {
            FloatVector bv = FloatVector.fromArray(SPECIES, b, bRow);
            s0 = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(bv, s0);
            s1 = FloatVector.broadcast(SPECIES, a[a0 + lda + p]).fma(bv, s1);
            s2 = FloatVector.broadcast(SPECIES, a[a0 + 2 * lda + p]).fma(bv, s2);
            s3 = FloatVector.broadcast(SPECIES, a[a0 + 3 * lda + p]).fma(bv, s3);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + ldc);
        s2.intoArray(c, c0 + 2 * ldc);
        s3.intoArray(c, c0 + 3 * ldc);
    }

    private static void block1x1(int i, int j, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                 float beta, float[] c, int co, int ldc) {
        int c0 = co + i * ldc + j;
        FloatVector s = start(beta, c, c0);
        int a0 = ao + i * lda;
        int bRow = bo + j;
        for (int p = 0; p < k; p++, bRow += ldb) {
            s = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(FloatVector.fromArray(SPECIES, b, bRow), s);
        }
        s.intoArray(c, c0);
    }

}
