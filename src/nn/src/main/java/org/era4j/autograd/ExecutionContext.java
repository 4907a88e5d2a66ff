package org.era4j.autograd;

import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackends;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.Gemm;

/**
 * The kernels a model runs on: the ERA backend, the worker-thread count, and the GEMM and ERA
 * executor built on them. The caller creates one, passes it to every
 * {@code Module.forward(context, input)} and training step, and closes it when done; there is no
 * global default, so two models in one JVM can run on different backends.
 *
 * <p><b>Threads.</b> A context is not safe for concurrent calls: its GEMM owns packing scratch and
 * its executor owns a worker pool, so one forward/backward runs at a time per context (the kernels
 * fan out to the workers internally). Use one context per concurrently training model. Results
 * are deterministic for any thread count (fixed chunks, reductions in a fixed order). The GEMM's
 * workers spin for up to a millisecond after each parallel section before they park, so a busy
 * context hands work over in microseconds and an idle one takes no CPU.
 *
 * <p><b>Ownership.</b> {@link #open(String, int)} opens the backend and closes it with the context;
 * {@link #of(EraBackend, int)} borrows the caller's backend and leaves it open.
 */
public final class ExecutionContext implements AutoCloseable {

    private final EraBackend eraBackend;
    private final boolean ownsBackend;
    private final int threads;
    private final Gemm gemm;
    private final EraExecutor eraExecutor;
    private boolean closed;

    private ExecutionContext(EraBackend eraBackend, boolean ownsBackend, int threads) {
        if (eraBackend == null) {
            throw new IllegalArgumentException("ERA backend is null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.eraBackend = eraBackend;
        this.ownsBackend = ownsBackend;
        this.threads = threads;
        this.gemm = new Gemm(threads);
        // one set of worker threads for convolutions and activations alike
        this.eraExecutor = new EraExecutor(eraBackend, gemm);
    }

    /** The fastest CPU backend ({@link EraBackends#defaultBackend()}) on {@code threads} workers. */
    public static ExecutionContext cpu(int threads) {
        return new ExecutionContext(EraBackends.defaultBackend(), false, threads);
    }

    /** A context on the caller's backend, which stays open when the context closes. */
    public static ExecutionContext of(EraBackend eraBackend, int threads) {
        return new ExecutionContext(eraBackend, false, threads);
    }

    /**
     * Opens the backend {@code NAME[:SELECTOR]} through {@link EraBackends#open} and owns it.
     *
     * @throws IllegalArgumentException for an unknown backend or bad thread count
     * @throws org.era4j.kernel.EraBackendUnavailableException when it cannot run here
     */
    public static ExecutionContext open(String backend, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        EraBackend opened = EraBackends.open(backend);
        try {
            return new ExecutionContext(opened, true, threads);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The ERA kernel of every {@link Era} operation run in this context. */
    public EraBackend eraBackend() {
        return eraBackend;
    }

    /** Worker threads of the GEMM and the ERA executor (1 runs on the caller's thread). */
    public int threads() {
        return threads;
    }

    /** The matrix multiply of dense, convolution and attention operations. */
    public Gemm gemm() {
        checkOpen();
        return gemm;
    }

    /** The ERA executor: {@link #eraBackend()} on {@link #threads()} workers. */
    public EraExecutor eraExecutor() {
        checkOpen();
        return eraExecutor;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("execution context is closed");
        }
    }

    /** Stops the worker threads and, if this context opened the backend, closes it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        gemm.close();
        eraExecutor.close();
        if (ownsBackend) {
            eraBackend.close();
        }
    }

    @Override
    public String toString() {
        return "ExecutionContext[" + eraBackend.name() + ", " + threads + " thread" + (threads == 1 ? "" : "s") + "]";
    }
}
