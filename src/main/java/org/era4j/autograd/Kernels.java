package org.era4j.autograd;

import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.Gemm;

/**
 * The one place that decides which kernels the autograd uses: the ERA backend (default
 * {@link org.era4j.kernel.Backends#defaultBackend()}, the Vector API kernels; the trainer may set
 * another, e.g. the scalar twin or a device backend), and the thread count shared by the GEMM and
 * the ERA executor.
 *
 * <p>The kernels returned are shared and not safe for concurrent calls: the autograd runs one
 * training step at a time on one caller thread (the kernels fan out internally). Results are
 * deterministic for a fixed thread count (and, for GEMM and ERA, for any thread count).
 */
public final class Kernels {

    private static EraBackend eraBackend = org.era4j.kernel.Backends.defaultBackend();
    private static int threads = 1;
    private static Gemm gemm;
    private static EraExecutor eraExecutor;

    private Kernels() {
    }

    /** The ERA kernel new {@link Era} operations use. */
    public static synchronized EraBackend eraBackend() {
        return eraBackend;
    }

    /** Chooses the ERA kernel (for example the Vector API backend). */
    public static synchronized void setEraBackend(EraBackend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("ERA backend is null");
        }
        eraBackend = backend;
        closeExecutors();
    }

    public static synchronized int threads() {
        return threads;
    }

    /** Worker threads for GEMM and ERA, >= 1. */
    public static synchronized void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + count);
        }
        threads = count;
        closeExecutors();
    }

    /** The shared GEMM. */
    public static synchronized Gemm gemm() {
        if (gemm == null) {
            gemm = new Gemm(threads);
        }
        return gemm;
    }

    /** The shared ERA executor (backend {@link #eraBackend()}, {@link #threads()} threads). */
    public static synchronized EraExecutor eraExecutor() {
        if (eraExecutor == null) {
            eraExecutor = new EraExecutor(eraBackend, threads);
        }
        return eraExecutor;
    }

    private static void closeExecutors() {
        if (gemm != null) {
            gemm.close();
            gemm = null;
        }
        if (eraExecutor != null) {
            eraExecutor.close();
            eraExecutor = null;
        }
    }
}
