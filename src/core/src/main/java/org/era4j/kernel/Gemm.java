package org.era4j.kernel;

/**
 * Multi-threaded matrix multiply {@code C = op(A) op(B) + beta C} (float32, row-major;
 * conventions of {@link GemmScalar}, its scalar twin), on the Vector API micro-kernel of
 * {@code GemmVector} when {@link VectorSupport#enabled()}, else on the scalar twin's loop.
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

    static final int ROWS = 4;
    /** Multiply-adds below which a product runs on the calling thread. */
    static final long PARALLEL_WORK = 1L << 20;
    /** Lanes of the vector kernel, 1 when {@link VectorSupport#enabled()} is false. */
    private static final int LANES = VectorSupport.floatLanes();

    private final int threads;
    /** The threads besides the caller's, or null for one thread. */
    private final WorkerTeam team;
    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] packedC = new float[0];
    /** One single-threaded GEMM per worker of {@link #forEach}, made on first use (own scratch each). */
    private Gemm[] serial;

    /** @param threads worker threads, >= 1 (1 runs on the caller) */
    public Gemm(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.team = threads == 1 ? null : new WorkerTeam(threads - 1, "era4j-gemm");
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
        if ((n < LANES && m >= LANES) || (transB && !transA && (n > 2 * m
                || (m >= LANES && (long) m * (k + 2L * n) < (long) k * n)))) {
            // C is too narrow for a vector but tall (MobileNet's late layers: 1-4 pixels per
            // channel), or B (n, k) is larger than A (m, k) plus C twice: compute C^T = op(B)^T op(A)^T
            // (n, m), whose rows are m wide, and transpose it back. op(B)^T is B itself when
            // transposed, else packed; likewise op(A)^T. Each element is still the same FMA chain.
            // (A dense layer's forward, batch 64 x 12544 inputs x 128 outputs, packs the 0.8 M
            // inputs here instead of the 1.6 M weights.)
            float[] bt = b;
            int btOffset = bOffset;
            int ldbt = ldb;
            if (!transB) {
                packedB = grow(packedB, n * k);
                pack(b, bOffset, ldb, n, k, packedB, 0, k);
                bt = packedB;
                btOffset = 0;
                ldbt = k;
            }
            float[] at = a;
            int atOffset = aOffset;
            int ldat = lda;
            if (!transA) {
                packedA = grow(packedA, k * m);
                pack(a, aOffset, lda, k, m, packedA, 0, m);
                at = packedA;
                atOffset = 0;
                ldat = m;
            }
            packedC = grow(packedC, n * m);
            if (beta != 0f) {
                pack(c, cOffset, ldc, n, m, packedC, 0, m);
            }
            parallelRows(n, m, k, bt, btOffset, ldbt, at, atOffset, ldat, beta, packedC, 0, m);
            pack(packedC, 0, m, m, n, c, cOffset, ldc);
            return;
        }
        if (transA) {
            packedA = grow(packedA, m * k);
            pack(a, aOffset, lda, m, k, packedA, 0, k);
            a = packedA;
            aOffset = 0;
            lda = k;
        }
        if (transB) {
            packedB = grow(packedB, k * n);
            pack(b, bOffset, ldb, k, n, packedB, 0, n);
            b = packedB;
            bOffset = 0;
            ldb = n;
        }
        parallelRows(m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /**
     * The body of {@link #forEach}: tasks {@code [from, to)} on worker {@code worker}, with a
     * single-threaded GEMM that only this worker uses during the call.
     */
    @FunctionalInterface
    public interface Tasks {
        void run(int worker, int from, int to, Gemm serial);
    }

    /** Workers {@link #forEach} uses for {@code tasks} tasks: min(threads, tasks), at least 1. */
    public int workers(int tasks) {
        return Math.max(1, Math.min(threads, tasks));
    }

    /**
     * Runs tasks {@code [0, tasks)} split into {@link #workers(int)} contiguous ranges, range 0 on
     * the calling thread and the others on this GEMM's worker threads ({@link WorkerTeam}), and
     * returns when all are done; the first exception of any range is rethrown. Lets an
     * operation parallelise over independent items (samples of a batch, channels) with a
     * single-threaded GEMM per worker instead of splitting every small GEMM. The split depends on
     * the thread count, so a body must write disjoint outputs per task (or per fixed group of
     * tasks) for results to be independent of it.
     */
    public void forEach(int tasks, Tasks body) {
        int workers = workers(tasks);
        if (serial == null) {
            serial = new Gemm[threads];
            serial[0] = threads == 1 ? this : new Gemm(1);
        }
        if (workers == 1) {
            body.run(0, 0, tasks, serial[0]);
            return;
        }
        for (int w = 1; w < workers; w++) {
            if (serial[w] == null) {
                serial[w] = new Gemm(1);
            }
        }
        team.run(workers, worker -> body.run(worker, (int) ((long) tasks * worker / workers),
                (int) ((long) tasks * (worker + 1) / workers), serial[worker]));
    }

    private static float[] grow(float[] scratch, int size) {
        return scratch.length >= size ? scratch : new float[size];
    }

    /** Rows of C in fixed contiguous ranges of 4-row blocks, one range per worker. */
    private void parallelRows(int m, int n, int k, float[] a, int ao, int la, float[] b, int bo, int lb,
                              float beta, float[] c, int cOffset, int ldc) {
        int blocks = (m + ROWS - 1) / ROWS;
        long work = (long) m * n * k;
        // below about a million FMAs (~20-30 us on one core) handing rows to a worker costs more
        // than it saves: the FCN's small layers ran slower on 2 threads than on 1
        int workers = work < PARALLEL_WORK ? 1 : Math.min(threads, blocks);
        if (workers <= 1) {
            rows(0, m, n, k, a, ao, la, b, bo, lb, beta, c, cOffset, ldc);
            return;
        }
        team.run(workers, worker -> rows(Math.min(m, (int) ((long) blocks * worker / workers) * ROWS),
                Math.min(m, (int) ((long) blocks * (worker + 1) / workers) * ROWS),
                n, k, a, ao, la, b, bo, lb, beta, c, cOffset, ldc));
    }

    /**
     * {@code C = A B^T + beta C} on the calling thread, for A (m, k) and B (n, k) both read along
     * k (row-major, leading dimensions {@code lda}, {@code ldb}): the product of two matrices
     * stored the same way, such as a convolution's output gradient (O, P) and its column matrix
     * (K, P), with no transpose of either. Each element is summed in L lane chains (p = l mod L,
     * L = {@link VectorSupport#floatLanes()}), the chains added as a fixed pairwise tree, then the k tail in
     * order; {@link GemmScalar#multiplyTransposedB} is the bitwise twin for a given L. The order
     * differs from {@link #multiply}'s single chain, so the two agree to rounding only.
     */
    public static void multiplyTransposedB(int m, int n, int k, float[] a, int aOffset, int lda,
                                           float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        GemmChecks.check(false, true, m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        if (VectorSupport.enabled()) {
            GemmVector.transposedB(m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        } else {
            GemmScalar.multiplyTransposedB(1, m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
    }

    /**
     * {@link #transpose} split by target rows across the workers when the matrix is large (a
     * dense layer's 128 x 12544 weight is packed every forward; on one thread that copy would be
     * a serial tenth of a two-thread step). A copy, so the split cannot change results.
     */
    private void pack(float[] x, int offset, int ld, int rows, int cols, float[] out, int outOffset, int outLd) {
        int tiles = (rows + TILE - 1) / TILE;
        if (threads == 1 || (long) rows * cols < 65_536 || tiles < 2) {
            transpose(x, offset, ld, rows, cols, out, outOffset, outLd);
            return;
        }
        forEach(tiles, (worker, from, to, serial) -> {
            int r0 = from * TILE;
            int r1 = Math.min(rows, to * TILE);
            transpose(x, offset + r0, ld, r1 - r0, cols, out, outOffset + r0 * outLd, outLd);
        });
    }

    /** Tile edge of the blocked transpose: a 32x32 tile of source and target stays in L1. */
    private static final int TILE = 32;

    /**
     * {@code out[outOffset + r * outLd + c] = x[offset + c * ld + r]} for {@code r < rows, c < cols}: the
     * (rows, cols) transpose of a (cols, rows) matrix, in 32x32 tiles so the strided side of each
     * tile stays within a few cache lines, each tile moved as 4x4 blocks held in registers (16
     * loads, then 16 stores in four runs of 4: about 2.4x the element-by-element loop).
     */
    public static void transpose(float[] x, int offset, int ld, int rows, int cols, float[] out, int outOffset, int outLd) {
        for (int c0 = 0; c0 < cols; c0 += TILE) {
            int c1 = Math.min(cols, c0 + TILE);
            for (int r0 = 0; r0 < rows; r0 += TILE) {
                int r1 = Math.min(rows, r0 + TILE);
                int rBlocks = r0 + (r1 - r0) / 4 * 4;
                int cBlocks = c0 + (c1 - c0) / 4 * 4;
                for (int c = c0; c < cBlocks; c += 4) {
                    for (int r = r0; r < rBlocks; r += 4) {
                        transpose4x4(x, offset + c * ld + r, ld, out, outOffset + r * outLd + c, outLd);
                    }
                }
                for (int c = c0; c < c1; c++) {
                    int src = offset + c * ld;
                    int from = c < cBlocks ? rBlocks : r0;
                    for (int r = from; r < r1; r++) {
                        out[outOffset + r * outLd + c] = x[src + r];
                    }
                }
            }
        }
    }

    private static void transpose4x4(float[] x, int s0, int ld, float[] out, int o, int outLd) {
        int s1 = s0 + ld;
        int s2 = s1 + ld;
        int s3 = s2 + ld;
        float a0 = x[s0], a1 = x[s0 + 1], a2 = x[s0 + 2], a3 = x[s0 + 3];
        float b0 = x[s1], b1 = x[s1 + 1], b2 = x[s1 + 2], b3 = x[s1 + 3];
        float c0 = x[s2], c1 = x[s2 + 1], c2 = x[s2 + 2], c3 = x[s2 + 3];
        float d0 = x[s3], d1 = x[s3 + 1], d2 = x[s3 + 2], d3 = x[s3 + 3];
        out[o] = a0;
        out[o + 1] = b0;
        out[o + 2] = c0;
        out[o + 3] = d0;
        o += outLd;
        out[o] = a1;
        out[o + 1] = b1;
        out[o + 2] = c1;
        out[o + 3] = d1;
        o += outLd;
        out[o] = a2;
        out[o + 1] = b2;
        out[o + 2] = c2;
        out[o + 3] = d2;
        o += outLd;
        out[o] = a3;
        out[o + 1] = b3;
        out[o + 2] = c3;
        out[o + 3] = d3;
    }

    private static void rows(int from, int to, int n, int k, float[] a, int ao, int lda,
                             float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
        if (VectorSupport.enabled()) {
            GemmVector.rows(from, to, n, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        } else {
            GemmScalar.rows(from, to, 0, n, k, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        }
    }

    @Override
    public void close() {
        if (team != null) {
            team.close();
        }
    }
}
