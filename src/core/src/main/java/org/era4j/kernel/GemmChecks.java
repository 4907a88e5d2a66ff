package org.era4j.kernel;

/** Argument checks shared by {@link Gemm} and {@link GemmScalar}. */
final class GemmChecks {

    private GemmChecks() {
    }

    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        if (beta != 0f && beta != 1f) {
            throw new IllegalArgumentException("GEMM beta must be 0 or 1, got " + beta);
        }
        matrix("A", a, aOffset, lda, transA ? k : m, transA ? m : k);
        matrix("B", b, bOffset, ldb, transB ? n : k, transB ? k : n);
        matrix("C", c, cOffset, ldc, m, n);
        if (c == a || c == b) {
            throw new IllegalArgumentException("GEMM output C must not be the array of A or B");
        }
    }

    private static void matrix(String name, float[] x, int offset, int ld, int rows, int cols) {
        if (x == null) {
            throw new IllegalArgumentException("GEMM matrix " + name + " is null");
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("GEMM leading dimension of " + name + " is " + ld + " < " + cols + " columns");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = (long) offset + (long) (rows - 1) * ld + cols;
        if (offset < 0 || last > x.length) {
            throw new IllegalArgumentException("GEMM matrix " + name + " (" + rows + "x" + cols + ", ld " + ld
                    + ", offset " + offset + ") does not fit in an array of " + x.length);
        }
    }
}
