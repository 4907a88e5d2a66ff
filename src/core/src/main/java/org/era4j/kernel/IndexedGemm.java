package org.era4j.kernel;

/**
 * {@code C = A B + beta C} (float32, single-threaded) where row {@code i} of A starts at
 * {@code a[aRows[i]]} and row {@code p} of B at {@code b[bRows[p]]}: rows may lie anywhere in
 * their arrays and may overlap. A stride-1 convolution multiplies through it with no column
 * matrix: on a zero-padded input plane of width Wp, the column-matrix row of tap (c, ki, kj),
 * taken over output positions {@code oy * Wp + ox}, is the plane itself read from offset
 * {@code ki * Wp + kj}, so each tap is just a row start (the {@code kw - 1} positions per row
 * where {@code ox >= Wo} are computed and thrown away).
 *
 * <p>Each element of C is one FMA chain over {@code p} in increasing order, on the Vector API
 * micro-kernels of {@code IndexedGemmVector} when {@link VectorSupport#enabled()} (a 4 x 3L block
 * of C in twelve accumulators, as in {@link Gemm}) or on {@link #multiplyScalar}, its scalar twin;
 * both give the same bits.
 */
public final class IndexedGemm {

    private IndexedGemm() {
    }

    /**
     * {@code c[cOffset + i * ldc + j] = beta c[...] + sum_p a[aRows[i] + p] * b[bRows[p] + j]} for
     * {@code i < m, j < n}, p from 0 to k - 1 in order.
     *
     * @param beta 0 (overwrite C) or 1 (accumulate)
     * @throws IllegalArgumentException on a negative size, a row that does not fit its array, a
     *         short row-start array, C not fitting, C sharing an array with A or B, or beta not 0 or 1
     */
    public static void multiply(int m, int n, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                                float beta, float[] c, int cOffset, int ldc) {
        check(m, n, k, a, aRows, b, bRows, beta, c, cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (VectorSupport.enabled()) {
            IndexedGemmVector.rows(m, n, k, a, aRows, b, bRows, beta, c, cOffset, ldc);
        } else {
            scalarBlock(0, m, 0, n, k, a, aRows, b, bRows, beta, c, cOffset, ldc);
        }
    }

    /** The scalar twin of {@link #multiply}: the same checks, the same FMA chains, the same bits. */
    public static void multiplyScalar(int m, int n, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                                      float beta, float[] c, int cOffset, int ldc) {
        check(m, n, k, a, aRows, b, bRows, beta, c, cOffset, ldc);
        scalarBlock(0, m, 0, n, k, a, aRows, b, bRows, beta, c, cOffset, ldc);
    }

    /** Rows {@code [i0, i1)}, columns {@code [j0, j1)} of C on plain loops (also the vector kernels' tails). */
    static void scalarBlock(int i0, int i1, int j0, int j1, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                            float beta, float[] c, int co, int ldc) {
        for (int i = i0; i < i1; i++) {
            int aRow = aRows[i];
            for (int j = j0; j < j1; j++) {
                int index = co + i * ldc + j;
                float sum = beta == 0f ? 0f : c[index];
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[aRow + p], b[bRows[p] + j], sum);
                }
                c[index] = sum;
            }
        }
    }

    private static void check(int m, int n, int k, float[] a, int[] aRows, float[] b, int[] bRows,
                              float beta, float[] c, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        if (beta != 0f && beta != 1f) {
            throw new IllegalArgumentException("GEMM beta must be 0 or 1, got " + beta);
        }
        if (a == null || b == null || c == null || aRows == null || bRows == null) {
            throw new IllegalArgumentException("GEMM arrays and row starts must not be null");
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("GEMM output C must not be the array of A or B");
        }
        if (m == 0 || n == 0) {
            return;
        }
        rows("A", aRows, m, k, a.length);
        rows("B", bRows, k, n, b.length);
        if (ldc < n) {
            throw new IllegalArgumentException("GEMM leading dimension of C is " + ldc + " < " + n + " columns");
        }
        long last = (long) cOffset + (long) (m - 1) * ldc + n;
        if (cOffset < 0 || last > c.length) {
            throw new IllegalArgumentException("GEMM matrix C (" + m + "x" + n + ", ld " + ldc + ", offset " + cOffset
                    + ") does not fit in an array of " + c.length);
        }
    }

    private static void rows(String name, int[] starts, int count, int width, int length) {
        if (starts.length < count) {
            throw new IllegalArgumentException("GEMM " + name + " has " + count + " rows but " + starts.length + " row starts");
        }
        if (width == 0) {
            return;
        }
        for (int r = 0; r < count; r++) {
            int start = starts[r];
            if (start < 0 || (long) start + width > length) {
                throw new IllegalArgumentException("GEMM " + name + " row " + r + " (start " + start + ", " + width
                        + " wide) does not fit in an array of " + length);
            }
        }
    }
}
