package org.era4j.kernel;

/**
 * The scalar twin of {@link Gemm}: {@code C = op(A) op(B) + beta C} with plain loops, float32
 * FMAs summed over {@code k} in increasing order (the order {@link Gemm} uses, so both agree to
 * the last bit on each element).
 *
 * <p>Shapes: {@code op(A)} is (m, k), {@code op(B)} is (k, n), {@code C} is (m, n), all row-major
 * with leading dimensions {@code lda}, {@code ldb}, {@code ldc}; {@code op(X) = X^T} when the flag is
 * set (then X is stored (k, m) or (n, k)). {@code beta} is 0 (overwrite) or 1 (accumulate).
 */
public final class GemmScalar {

    private GemmScalar() {
    }

    public static void multiply(boolean transA, boolean transB, int m, int n, int k,
                                float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                float beta, float[] c, int cOffset, int ldc) {
        GemmChecks.check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = beta == 0f ? 0f : c[cOffset + i * ldc + j];
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    float bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum = Math.fma(av, bv, sum);
                }
                c[cOffset + i * ldc + j] = sum;
            }
        }
    }

    /** Columns {@code [j, n)} of rows {@code [i, iEnd)} of {@code C = A B + beta C} (no transposes): the loop {@link Gemm} runs without the vector kernels and for column tails. */
    static void rows(int i, int iEnd, int j, int n, int k, float[] a, int ao, int lda,
                             float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
        for (int r = i; r < iEnd; r++) {
            for (int col = j; col < n; col++) {
                float sum = beta == 0f ? 0f : c[co + r * ldc + col];
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[ao + r * lda + p], b[bo + p * ldb + col], sum);
                }
                c[co + r * ldc + col] = sum;
            }
        }
    }

    /**
     * Scalar twin of {@link Gemm#multiplyTransposedB} for {@code lanes} lane chains: element
     * (i, j) sums {@code a[i][p] b[j][p]} in one FMA chain per lane {@code l = p mod lanes} over the
     * first {@code k - k mod lanes} steps, adds the chains by {@link #laneSum}, then the tail in order.
     */
    public static void multiplyTransposedB(int lanes, int m, int n, int k, float[] a, int ao, int lda,
                                           float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
        int kv = k - k % lanes;
        float[] chains = new float[lanes];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                java.util.Arrays.fill(chains, 0f);
                for (int p = 0; p < kv; p++) {
                    chains[p % lanes] = Math.fma(a[ao + i * lda + p], b[bo + j * ldb + p], chains[p % lanes]);
                }
                float sum = laneSum(chains);
                for (int p = kv; p < k; p++) {
                    sum = Math.fma(a[ao + i * lda + p], b[bo + j * ldb + p], sum);
                }
                int index = co + i * ldc + j;
                c[index] = beta == 0f ? sum : c[index] + sum;
            }
        }
    }

    /**
     * Sum of the {@code lanes.length} (a power of two) chains as a fixed pairwise tree, in place:
     * {@code t[q] += t[q + w]} for w = L/2, L/4, ..., 1. The one order both twins use.
     */
    static float laneSum(float[] lanes) {
        for (int width = lanes.length / 2; width >= 1; width /= 2) {
            for (int q = 0; q < width; q++) {
                lanes[q] += lanes[q + width];
            }
        }
        return lanes[0];
    }
}
