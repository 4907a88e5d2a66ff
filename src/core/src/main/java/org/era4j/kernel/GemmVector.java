package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernels of {@link Gemm}: a 4 x 3L block of C in twelve vector
 * accumulators (L = lanes), a 4 x 4L block where one vector column would be left over, a 4 x 2L
 * block where two would, then 4 x L blocks, single rows, and the scalar twin's loop for the last
 * columns. Loaded only when {@link VectorSupport#enabled()}.
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
        int vectors = n / lanes;
        // a lone last vector column would run on the 4 x L kernel (4 broadcasts and a load per 4
        // FMAs); when the vector columns leave one over after the 3-wide panels, the last four
        // go through the 4 x 4L kernel instead (n = 64 at 16 lanes: the conv weight gradient)
        int wideEnd = vectors % 3 == 1 && vectors >= 4 ? (vectors - 4) * lanes : vectors / 3 * 3 * lanes;
        int j = 0;
        for (; j < wideEnd; j += 3 * lanes) {
            for (int i = from; i < blockEnd; i += Gemm.ROWS) {
                block4x3(i, j, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        }
        if (wideEnd < vectors / 3 * 3 * lanes) {
            for (int i = from; i < blockEnd; i += Gemm.ROWS) {
                block4x4(i, j, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
            j += 4 * lanes;
        }
        if (j + 2 * lanes <= n) {
            // two vector columns left after the 3-wide panels (n = 224 at 16 lanes: the Winograd
            // convolution's tile columns): one 4 x 2L block instead of two 4 x L passes
            for (int i = from; i < blockEnd; i += Gemm.ROWS) {
                block4x2(i, j, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
            j += 2 * lanes;
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

    private static void block4x4(int i, int j, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
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
        int a0 = ao + i * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int bRow = bo + j;
        for (int p = 0; p < k; p++, bRow += ldb) {
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

    private static void block4x2(int i, int j, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                 float beta, float[] c, int co, int ldc) {
        int l = SPECIES.length();
        int c0 = co + i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector s00 = start(beta, c, c0), s01 = start(beta, c, c0 + l);
        FloatVector s10 = start(beta, c, c1), s11 = start(beta, c, c1 + l);
        FloatVector s20 = start(beta, c, c2), s21 = start(beta, c, c2 + l);
        FloatVector s30 = start(beta, c, c3), s31 = start(beta, c, c3 + l);
        int a0 = ao + i * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int bRow = bo + j;
        for (int p = 0; p < k; p++, bRow += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + l);
            FloatVector v = FloatVector.broadcast(SPECIES, a[a0 + p]);
            s00 = v.fma(b0, s00);
            s01 = v.fma(b1, s01);
            v = FloatVector.broadcast(SPECIES, a[a1 + p]);
            s10 = v.fma(b0, s10);
            s11 = v.fma(b1, s11);
            v = FloatVector.broadcast(SPECIES, a[a2 + p]);
            s20 = v.fma(b0, s20);
            s21 = v.fma(b1, s21);
            v = FloatVector.broadcast(SPECIES, a[a3 + p]);
            s30 = v.fma(b0, s30);
            s31 = v.fma(b1, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + l);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + l);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + l);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + l);
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

    /**
     * {@code C = A B^T + beta C} (see {@link Gemm#multiplyTransposedB}): blocks of 4 rows of A by
     * 3 rows of B hold twelve vector accumulators along k (7 loads per 12 FMAs), each reduced by
     * a fixed pairwise tree at the end. B's 3-row panel is the outer loop so it stays in L1 while A's rows
     * stream from L2.
     */
    static void transposedB(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                            float beta, float[] c, int co, int ldc) {
        int l = SPECIES.length();
        int kv = SPECIES.loopBound(k);
        float[] lanes = new float[l];
        int mBlocks = m - m % 4;
        int j = 0;
        for (; j + 3 <= n; j += 3) {
            int b0 = bo + j * ldb;
            int b1 = b0 + ldb;
            int b2 = b1 + ldb;
            for (int i = 0; i < mBlocks; i += 4) {
                int a0 = ao + i * lda;
                int a1 = a0 + lda;
                int a2 = a1 + lda;
                int a3 = a2 + lda;
                FloatVector s00 = FloatVector.zero(SPECIES), s01 = s00, s02 = s00;
                FloatVector s10 = s00, s11 = s00, s12 = s00;
                FloatVector s20 = s00, s21 = s00, s22 = s00;
                FloatVector s30 = s00, s31 = s00, s32 = s00;
                for (int p = 0; p < kv; p += l) {
                    FloatVector v0 = FloatVector.fromArray(SPECIES, b, b0 + p);
                    FloatVector v1 = FloatVector.fromArray(SPECIES, b, b1 + p);
                    FloatVector v2 = FloatVector.fromArray(SPECIES, b, b2 + p);
                    FloatVector u = FloatVector.fromArray(SPECIES, a, a0 + p);
                    s00 = u.fma(v0, s00);
                    s01 = u.fma(v1, s01);
                    s02 = u.fma(v2, s02);
                    u = FloatVector.fromArray(SPECIES, a, a1 + p);
                    s10 = u.fma(v0, s10);
                    s11 = u.fma(v1, s11);
                    s12 = u.fma(v2, s12);
                    u = FloatVector.fromArray(SPECIES, a, a2 + p);
                    s20 = u.fma(v0, s20);
                    s21 = u.fma(v1, s21);
                    s22 = u.fma(v2, s22);
                    u = FloatVector.fromArray(SPECIES, a, a3 + p);
                    s30 = u.fma(v0, s30);
                    s31 = u.fma(v1, s31);
                    s32 = u.fma(v2, s32);
                }
                finish(s00, lanes, kv, k, a, a0, b, b0, beta, c, co + i * ldc + j);
                finish(s01, lanes, kv, k, a, a0, b, b1, beta, c, co + i * ldc + j + 1);
                finish(s02, lanes, kv, k, a, a0, b, b2, beta, c, co + i * ldc + j + 2);
                finish(s10, lanes, kv, k, a, a1, b, b0, beta, c, co + (i + 1) * ldc + j);
                finish(s11, lanes, kv, k, a, a1, b, b1, beta, c, co + (i + 1) * ldc + j + 1);
                finish(s12, lanes, kv, k, a, a1, b, b2, beta, c, co + (i + 1) * ldc + j + 2);
                finish(s20, lanes, kv, k, a, a2, b, b0, beta, c, co + (i + 2) * ldc + j);
                finish(s21, lanes, kv, k, a, a2, b, b1, beta, c, co + (i + 2) * ldc + j + 1);
                finish(s22, lanes, kv, k, a, a2, b, b2, beta, c, co + (i + 2) * ldc + j + 2);
                finish(s30, lanes, kv, k, a, a3, b, b0, beta, c, co + (i + 3) * ldc + j);
                finish(s31, lanes, kv, k, a, a3, b, b1, beta, c, co + (i + 3) * ldc + j + 1);
                finish(s32, lanes, kv, k, a, a3, b, b2, beta, c, co + (i + 3) * ldc + j + 2);
            }
        }
        // edges: the remaining rows of A against every row of B, and every row of A against the remaining rows of B
        for (int i = mBlocks; i < m; i++) {
            for (int jj = 0; jj < n; jj++) {
                dot(lanes, kv, k, a, ao + i * lda, b, bo + jj * ldb, beta, c, co + i * ldc + jj);
            }
        }
        for (int i = 0; i < mBlocks; i++) {
            for (int jj = j; jj < n; jj++) {
                dot(lanes, kv, k, a, ao + i * lda, b, bo + jj * ldb, beta, c, co + i * ldc + jj);
            }
        }
    }

    private static void dot(float[] lanes, int kv, int k, float[] a, int a0, float[] b, int b0,
                            float beta, float[] c, int index) {
        FloatVector s = FloatVector.zero(SPECIES);
        for (int p = 0; p < kv; p += SPECIES.length()) {
            s = FloatVector.fromArray(SPECIES, a, a0 + p).fma(FloatVector.fromArray(SPECIES, b, b0 + p), s);
        }
        finish(s, lanes, kv, k, a, a0, b, b0, beta, c, index);
    }

    /**
     * Adds the lanes as a fixed pairwise tree ({@link GemmScalar#laneSum}; reduceLanes leaves the
     * order open, and a left-to-right sum is a 16-deep dependency chain per element), then the
     * k tail, then C.
     */
    private static void finish(FloatVector s, float[] lanes, int kv, int k, float[] a, int a0, float[] b, int b0,
                               float beta, float[] c, int index) {
        s.intoArray(lanes, 0);
        float sum = GemmScalar.laneSum(lanes);
        for (int p = kv; p < k; p++) {
            sum = Math.fma(a[a0 + p], b[b0 + p], sum);
        }
        c[index] = beta == 0f ? sum : c[index] + sum;
    }
}
