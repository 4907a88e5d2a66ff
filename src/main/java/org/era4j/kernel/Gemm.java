package org.era4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Multi-threaded Vector API matrix multiply {@code C = op(A) op(B) + beta C} (float32, row-major;
 * conventions of {@link GemmScalar}, its scalar twin).
 *
 * <p>Transposed operands are first packed into row-major scratch (O(mk + kn) copies against O(mnk)
 * work), so the micro-kernel always reads rows of B. The micro-kernel holds a 4 x 3L block of C in
 * twelve vector accumulators (L = lanes), streaming one row of the B panel and four broadcast A
 * values per step of k; twelve independent FMA chains hide the FMA latency. Narrower column tails
 * use 4 x L blocks, then single rows, then the scalar twin's loop.
 *
 * <p>Each element of C is one FMA chain over k in increasing order, so results are bitwise equal
 * to {@link GemmScalar} and independent of the thread count. Threads take fixed contiguous ranges
 * of 4-row blocks. An instance is not safe for concurrent calls (it owns the packing scratch);
 * close it to stop its threads.
 */
public final class Gemm implements AutoCloseable {

    /** The species, chosen once: {@code -Dera4j.vectorBits=128|256|512} overrides the preferred one. */
    static final VectorSpecies<Float> SPECIES = species();

    private static final int ROWS = 4;

    private final int threads;
    private final ExecutorService pool;
    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] packedC = new float[0];

    /** @param threads worker threads, >= 1 (1 runs on the caller) */
    public Gemm(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "era4j-gemm");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static VectorSpecies<Float> species() {
        String bits = System.getProperty("era4j.vectorBits");
        if (bits == null) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return switch (bits) {
            case "64" -> FloatVector.SPECIES_64;
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("era4j.vectorBits must be 64, 128, 256 or 512, got " + bits);
        };
    }

    public int threads() {
        return threads;
    }

    /** {@code C = op(A) op(B) + beta C}; see {@link GemmScalar#multiply} for the argument conventions. */
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                         float beta, float[] c, int cOffset, int ldc) {
        GemmChecks.check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (transB && !transA && (n > 2 * m || (n < SPECIES.length() && m >= SPECIES.length()))) {
            // B (n, k) is much larger than A (m, k), or too narrow for a vector: compute
            // C^T = B A^T, packing only A, and transpose the (n, m) result into C. Each element is
            // still the same FMA chain.
            packedA = grow(packedA, k * m);
            transpose(a, aOffset, lda, k, m, packedA, 0, m);
            packedC = grow(packedC, n * m);
            if (beta != 0f) {
                transpose(c, cOffset, ldc, n, m, packedC, 0, m);
            }
            parallelRows(n, m, k, b, bOffset, ldb, packedA, 0, m, beta, packedC, 0, m);
            transpose(packedC, 0, m, m, n, c, cOffset, ldc);
            return;
        }
        if (transA) {
            packedA = grow(packedA, m * k);
            transpose(a, aOffset, lda, m, k, packedA, 0, k);
            a = packedA;
            aOffset = 0;
            lda = k;
        }
        if (transB) {
            packedB = grow(packedB, k * n);
            transpose(b, bOffset, ldb, k, n, packedB, 0, n);
            b = packedB;
            bOffset = 0;
            ldb = n;
        }
        parallelRows(m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    private static float[] grow(float[] scratch, int size) {
        return scratch.length >= size ? scratch : new float[size];
    }

    /** Rows of C in fixed contiguous ranges of 4-row blocks, one range per worker. */
    private void parallelRows(int m, int n, int k, float[] a, int ao, int la, float[] b, int bo, int lb,
                              float beta, float[] c, int cOffset, int ldc) {
        int blocks = (m + ROWS - 1) / ROWS;
        long work = (long) m * n * k;
        int workers = work < 32_768 ? 1 : Math.min(threads, blocks);
        if (workers <= 1) {
            rows(0, m, n, k, a, ao, la, b, bo, lb, beta, c, cOffset, ldc);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int from = Math.min(m, (int) ((long) blocks * w / workers) * ROWS);
            int to = Math.min(m, (int) ((long) blocks * (w + 1) / workers) * ROWS);
            futures.add(pool.submit(() -> rows(from, to, n, k, a, ao, la, b, bo, lb, beta, c, cOffset, ldc)));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for GEMM workers", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Tile edge of the blocked transpose: a 32x32 tile of source and target stays in L1. */
    private static final int TILE = 32;

    /**
     * {@code out[outOffset + r * outLd + c] = x[offset + c * ld + r]} for r < rows, c < cols: the
     * (rows, cols) transpose of a (cols, rows) matrix, in 32x32 tiles so the strided side of each
     * tile stays within a few cache lines.
     */
    private static void transpose(float[] x, int offset, int ld, int rows, int cols, float[] out, int outOffset, int outLd) {
        for (int c0 = 0; c0 < cols; c0 += TILE) {
            int c1 = Math.min(cols, c0 + TILE);
            for (int r0 = 0; r0 < rows; r0 += TILE) {
                int r1 = Math.min(rows, r0 + TILE);
                for (int c = c0; c < c1; c++) {
                    int src = offset + c * ld;
                    for (int r = r0; r < r1; r++) {
                        out[outOffset + r * outLd + c] = x[src + r];
                    }
                }
            }
        }
    }

    /**
     * Rows {@code [from, to)} of C. Column panels are the outer loop so one k x 3L panel of B
     * (about 100 KB for k = 512 at 16 lanes) stays in L2 while every 4-row block of A streams past it.
     */
    private static void rows(int from, int to, int n, int k, float[] a, int ao, int lda,
                             float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
        int lanes = SPECIES.length();
        int blockEnd = from + (to - from) / ROWS * ROWS;
        int j = 0;
        for (; j + 3 * lanes <= n; j += 3 * lanes) {
            for (int i = from; i < blockEnd; i += ROWS) {
                block4x3(i, j, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        }
        for (; j + lanes <= n; j += lanes) {
            for (int i = from; i < blockEnd; i += ROWS) {
                block4x1(i, j, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        }
        if (j < n && blockEnd > from) {
            tail(from, blockEnd, j, n, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        }
        for (int i = blockEnd; i < to; i++) {
            int col = 0;
            for (; col + lanes <= n; col += lanes) {
                block1x1(i, col, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
            if (col < n) {
                tail(i, i + 1, col, n, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
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

    /** Columns {@code [j, n)} of rows {@code [i, iEnd)}, the scalar twin's loop. */
    private static void tail(int i, int iEnd, int j, int n, int k, float[] a, int ao, int lda,
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

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
