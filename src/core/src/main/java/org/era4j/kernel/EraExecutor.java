package org.era4j.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.era4j.rational.EraSpec;

/**
 * Applies an {@link EraBackend} to a whole activation tensor under a {@link ParameterSharing},
 * optionally on several threads.
 *
 * <p>Work is cut into fixed chunks that depend only on the tensor's shape, never on the thread
 * count: at most {@link #CHUNK} elements of one parameter set (channels-first and layer sharing),
 * or a band of rows of a channels-last tensor. In backward, each chunk sums its parameter
 * gradients into its own slot, and the slots are added to {@code dParams} in chunk order after all
 * chunks finish. The same inputs therefore give bitwise-identical outputs and gradients for any
 * number of threads, including one, and for float[] and MemorySegment tensors alike (given a
 * backend whose segment path equals its array path, as the CPU backends' do).
 *
 * <p>Channels-last tensors with per-channel or per-group sets are processed by copying each set's
 * columns of a row band into a contiguous per-thread buffer, so the backend always sees contiguous
 * runs (the copy costs about one extra read and write per element). Segment tensors take the same
 * route, so their channels-last backend calls run on that float[] buffer.
 *
 * <p>Threads: an executor either starts its own daemon workers ({@link #EraExecutor(EraBackend, int)};
 * {@link #close()} stops them), runs its chunk groups as tasks on a caller's
 * {@link Executor} ({@link #EraExecutor(EraBackend, Executor, int)}; {@code close()} leaves that
 * executor alone), or shares a {@link Gemm}'s worker threads ({@link #EraExecutor(EraBackend, Gemm)},
 * the first range on the calling thread; a model's convolutions and activations then use one set
 * of threads, which stay busy between them instead of handing over through two pools). Either way the calling thread blocks until every task of the call has finished,
 * so a call must not be made from a task of a caller's executor that may have no free thread left
 * (it would wait for itself). A task the caller's executor rejects runs on the calling thread.
 *
 * <p>Segments handed to a call that runs on several threads must be accessible from them: heap
 * segments, or native ones from a shared, global or automatic arena. A confined arena's segment
 * fails with {@link WrongThreadException} above {@link #PARALLEL_THRESHOLD}.
 *
 * <p>Thread safety: the backends are stateless, but an {@code EraExecutor} reuses a growable buffer
 * for the per-chunk gradient slots, so one instance must not be used by two calls at once; use one
 * per calling thread (several may share one caller {@link Executor}), or synchronise.
 */
public final class EraExecutor implements AutoCloseable {

    /** Elements per chunk: large enough to amortise a task, small enough to stay in L2. */
    public static final int CHUNK = 16384;

    /**
     * Tensors smaller than this run on the calling thread whatever {@code threads} is: measured
     * crossovers on a 2-core Zen 5 were about 256 Ki elements for forward and 64 Ki for backward
     * (docs/benchmarks.md). Results do not depend on it: the chunks are the same either way.
     */
    public static final int PARALLEL_THRESHOLD = 262_144;

    private final EraBackend backend;
    private final int threads;
    private final Executor workers;
    /** The GEMM whose workers take the ranges, or null. */
    private final Gemm team;
    /** The pool this executor started itself (closed by {@link #close()}), or null. */
    private final ExecutorService ownPool;
    private float[] partials = new float[0];

    /**
     * @param backend the kernel for contiguous runs
     * @param threads worker threads, >= 1; 1 runs everything on the calling thread
     */
    public EraExecutor(EraBackend backend, int threads) {
        checkArguments(backend, threads);
        this.backend = backend;
        this.threads = threads;
        this.ownPool = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "era4j-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.workers = ownPool;
        this.team = null;
    }

    /**
     * Runs on the worker threads of {@code gemm} ({@link Gemm#forEach}: range 0 on the calling
     * thread), with {@code gemm.threads()} ranges per call; {@link #close()} leaves the GEMM open.
     * Calls must come from the thread that uses the GEMM, never from inside one of its tasks.
     */
    public EraExecutor(EraBackend backend, Gemm gemm) {
        if (gemm == null) {
            throw new IllegalArgumentException("gemm is null");
        }
        checkArguments(backend, gemm.threads());
        this.backend = backend;
        this.threads = gemm.threads();
        this.ownPool = null;
        this.workers = null;
        this.team = gemm;
    }

    /**
     * Runs on a caller's executor instead of starting threads: a call above
     * {@link #PARALLEL_THRESHOLD} submits up to {@code parallelism} tasks, each a contiguous range
     * of chunks, and waits for them. The results are those of any other thread count.
     *
     * @param backend     the kernel for contiguous runs
     * @param executor    runs the tasks; not shut down by {@link #close()}
     * @param parallelism tasks per call, >= 1; 1 runs everything on the calling thread
     */
    public EraExecutor(EraBackend backend, Executor executor, int parallelism) {
        checkArguments(backend, parallelism);
        if (executor == null) {
            throw new IllegalArgumentException("executor is null");
        }
        this.backend = backend;
        this.threads = parallelism;
        this.ownPool = null;
        this.workers = executor;
        this.team = null;
    }

    private static void checkArguments(EraBackend backend, int threads) {
        if (backend == null) {
            throw new IllegalArgumentException("backend is null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    public EraBackend backend() {
        return backend;
    }

    /** Threads (own workers) or tasks (caller's executor) a large call is spread over. */
    public int threads() {
        return threads;
    }

    /**
     * {@code y = sigma(x)} over a tensor of {@code length} elements.
     *
     * @param inner elements per channel per sample for channels-first sharing (H*W of NCHW); must
     *              be 1 for channels-last, ignored for layer sharing
     */
    public void forward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                        float[] x, int xOffset, float[] y, int yOffset, int length, int inner) {
        Plan plan = checkedForward(spec, sharing, params, paramsOffset, x, xOffset, y, yOffset, length, inner);
        if (backend instanceof WholeTensorBackend whole) {
            whole.forward(spec, sharing, params, paramsOffset, x, xOffset, y, yOffset, length, inner);
            return;
        }
        run(plan, chunk -> plan.forwardChunk(backend, params, paramsOffset, x, xOffset, y, yOffset, chunk));
    }

    /**
     * {@link #forward(EraSpec, ParameterSharing, float[], int, float[], int, float[], int, int, int) forward}
     * for a call whose backward will follow ({@link #backwardRetained}): a device backend
     * ({@link WholeTensorBackend#forwardRetaining}) may keep x and the parameters on the device
     * until then. Returns the token to pass to backward (0 on CPU backends). x and params must not
     * change in between.
     */
    public long forwardRetaining(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                 float[] x, int xOffset, float[] y, int yOffset, int length, int inner) {
        if (!(backend instanceof WholeTensorBackend whole)) {
            forward(spec, sharing, params, paramsOffset, x, xOffset, y, yOffset, length, inner);
            return 0L;
        }
        checkedForward(spec, sharing, params, paramsOffset, x, xOffset, y, yOffset, length, inner);
        return whole.forwardRetaining(spec, sharing, params, paramsOffset, x, xOffset, y, yOffset, length, inner);
    }

    /** {@link #backward(EraSpec, ParameterSharing, float[], int, float[], int, float[], int, float[], int, float[], int, int, int) backward} after {@link #forwardRetaining}; same arguments, same results. */
    public void backwardRetained(long token, EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                 float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                 float[] dParams, int dParamsOffset, int length, int inner) {
        if (!(backend instanceof WholeTensorBackend whole)) {
            backward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                    dParams, dParamsOffset, length, inner);
            return;
        }
        checkedBackward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length, inner);
        whole.backwardRetained(token, spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length, inner);
    }

    /** The float[] forward's argument checks; returns the CPU plan. */
    private Plan checkedForward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                float[] x, int xOffset, float[] y, int yOffset, int length, int inner) {
        Plan plan = plan(spec, sharing, params, paramsOffset, length, inner);
        Checks.range("x", x, xOffset, length);
        Checks.range("y", y, yOffset, length);
        Checks.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        return plan;
    }

    /** The float[] backward's argument checks; returns the CPU plan. */
    private Plan checkedBackward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                                 float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                 float[] dParams, int dParamsOffset, int length, int inner) {
        Plan plan = plan(spec, sharing, params, paramsOffset, length, inner);
        spec.checkParameters(dParams, dParamsOffset, sharing.sets());
        Checks.range("x", x, xOffset, length);
        Checks.range("dy", dy, dyOffset, length);
        Checks.range("dx", dx, dxOffset, length);
        Checks.noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        Checks.noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        return plan;
    }

    /**
     * {@code y = sigma(x)} over a tensor held in segments of floats (native byte order, any
     * alignment); offsets and {@code inner} count floats. Chunked exactly as the float[] overload.
     */
    public void forward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                        MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length, long inner) {
        Plan plan = plan(spec, sharing, params, paramsOffset, length, inner);
        Checks.range("x", x, xOffset, length);
        Checks.range("y", y, yOffset, length);
        Checks.writable("y", y);
        Checks.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        run(plan, chunk -> plan.forwardChunk(backend, params, paramsOffset, x, xOffset, y, yOffset, chunk));
    }

    /**
     * Fused backward over a tensor: {@code dx = dy * sigma'(x)} and {@code dParams += } the
     * parameter gradients of every set ({@code sharing.sets()} sets laid out like {@code params}).
     */
    public void backward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                         float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                         float[] dParams, int dParamsOffset, int length, int inner) {
        Plan plan = checkedBackward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length, inner);
        if (backend instanceof WholeTensorBackend whole) {
            whole.backward(spec, sharing, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                    dParams, dParamsOffset, length, inner);
            return;
        }
        float[] slots = zeroedSlots(plan);
        run(plan, chunk -> plan.backwardChunk(backend, params, paramsOffset, x, xOffset, dy, dyOffset,
                dx, dxOffset, slots, chunk));
        plan.reduce(slots, dParams, dParamsOffset);
    }

    /**
     * The fused backward over segments of floats (native byte order, any alignment); offsets and
     * {@code inner} count floats. Chunked, and its gradients reduced, exactly as the float[] overload.
     */
    public void backward(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                         MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                         MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset,
                         long length, long inner) {
        Plan plan = plan(spec, sharing, params, paramsOffset, length, inner);
        spec.checkParameters(dParams, dParamsOffset, sharing.sets());
        Checks.range("x", x, xOffset, length);
        Checks.range("dy", dy, dyOffset, length);
        Checks.range("dx", dx, dxOffset, length);
        Checks.writable("dx", dx);
        Checks.noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        Checks.noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        float[] slots = zeroedSlots(plan);
        run(plan, chunk -> plan.backwardChunk(backend, params, paramsOffset, x, xOffset, dy, dyOffset,
                dx, dxOffset, slots, chunk));
        plan.reduce(slots, dParams, dParamsOffset);
    }

    private float[] zeroedSlots(Plan plan) {
        long slots = (long) plan.chunks * plan.slotSize;
        if (slots > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of " + plan.length + " elements needs " + slots
                    + " gradient slots, more than one array holds");
        }
        if (partials.length < slots) {
            partials = new float[(int) slots];
        }
        java.util.Arrays.fill(partials, 0, (int) slots, 0f);
        return partials;
    }

    private Plan plan(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                      long length, long inner) {
        if (spec == null || sharing == null) {
            throw new IllegalArgumentException("spec and sharing must not be null");
        }
        spec.checkParameters(params, paramsOffset, sharing.sets());
        return Plan.of(spec, sharing, length, inner);
    }

    private interface ChunkTask {
        void run(int chunk);
    }

    private void run(Plan plan, ChunkTask task) {
        int chunks = plan.chunks;
        int tasks = plan.length < PARALLEL_THRESHOLD ? 1 : Math.min(threads, chunks);
        if (tasks <= 1) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                task.run(chunk);
            }
            return;
        }
        if (team != null) {
            // the same contiguous chunk ranges as the tasks below: chunks * t / tasks
            team.forEach(chunks, (worker, from, to, serial) -> {
                for (int chunk = from; chunk < to; chunk++) {
                    task.run(chunk);
                }
            });
            return;
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>(tasks);
        RuntimeException failure = null;
        for (int t = 0; t < tasks; t++) {
            int from = (int) ((long) chunks * t / tasks);
            int to = (int) ((long) chunks * (t + 1) / tasks);
            Runnable range = () -> {
                for (int chunk = from; chunk < to; chunk++) {
                    task.run(chunk);
                }
            };
            try {
                futures.add(CompletableFuture.runAsync(range, workers));
            } catch (java.util.concurrent.RejectedExecutionException rejected) {
                // Same chunks, same slots: running the range here changes nothing in the results.
                try {
                    range.run();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        // Wait for every task, failed or not, before returning: they write the caller's buffers.
        for (CompletableFuture<Void> future : futures) {
            try {
                future.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("an ERA worker failed", e.getCause());
                failure = failure == null ? cause : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
    }

    /** How a tensor is cut into chunks; derived from the shape alone. */
    private record Plan(EraSpec spec, ParameterSharing sharing, long length, long inner,
                        boolean channelsLast, int chunks, int slotSize,
                        int chunksPerBlock, int rowsPerChunk, long rows) {

        private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

        static Plan of(EraSpec spec, ParameterSharing sharing, long length, long inner) {
            if (length < 0) {
                throw new IllegalArgumentException("length must be >= 0, got " + length);
            }
            int p = spec.parameterCount();
            if (sharing.mode() == ParameterSharing.Mode.LAYER) {
                int chunks = chunkCount(length, (length + CHUNK - 1) / CHUNK);
                return new Plan(spec, sharing, length, length, false, chunks, p, Math.max(chunks, 1), 0, 0);
            }
            int channels = sharing.channels();
            if (sharing.layout() == ParameterSharing.ChannelLayout.CHANNELS_FIRST) {
                if (inner < 1) {
                    throw new IllegalArgumentException("inner size must be >= 1 for channels-first sharing, got " + inner);
                }
                if (length % channels != 0 || (length / channels) % inner != 0) {
                    throw new IllegalArgumentException("tensor of " + length + " elements is not (outer, "
                            + channels + " channels, " + inner + " inner)");
                }
                long blocks = length / inner;
                long perBlock = (inner + CHUNK - 1) / CHUNK;
                int chunks = chunkCount(length, blocks * perBlock);
                return new Plan(spec, sharing, length, inner, false, chunks, p, (int) perBlock, 0, 0);
            }
            if (inner != 1) {
                throw new IllegalArgumentException("channels-last sharing takes inner size 1, got " + inner);
            }
            if (length % channels != 0) {
                throw new IllegalArgumentException("tensor of " + length + " elements is not (rows, "
                        + channels + " channels)");
            }
            long rows = length / channels;
            int rowsPerChunk = Math.max(1, CHUNK / channels);
            int chunks = chunkCount(length, (rows + rowsPerChunk - 1) / rowsPerChunk);
            return new Plan(spec, sharing, length, 1, true, chunks, sharing.sets() * p, 0, rowsPerChunk, rows);
        }

        private static int chunkCount(long length, long chunks) {
            if (chunks > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor of " + length + " elements has " + chunks
                        + " chunks, more than " + Integer.MAX_VALUE);
            }
            return (int) chunks;
        }

        /** Channels-first / layer: the set, start and length of a chunk. */
        private int setOf(int chunk) {
            if (sharing.mode() == ParameterSharing.Mode.LAYER) {
                return 0;
            }
            int block = chunk / chunksPerBlock;
            return sharing.setOf(block % sharing.channels());
        }

        private long startOf(int chunk) {
            long block = chunk / chunksPerBlock;
            return block * inner + (long) (chunk % chunksPerBlock) * CHUNK;
        }

        private int lengthOf(int chunk) {
            long blockEnd = (chunk / chunksPerBlock + 1L) * inner;
            return (int) Math.min(CHUNK, Math.min(blockEnd, length) - startOf(chunk));
        }

        /** Channels-last: the rows of a chunk's band and the columns of one set. */
        private long firstRowOf(int chunk) {
            return (long) chunk * rowsPerChunk;
        }

        private int bandRowsOf(int chunk) {
            return (int) Math.min(rowsPerChunk, rows - firstRowOf(chunk));
        }

        private int width() {
            return sharing.channels() / sharing.sets();
        }

        void forwardChunk(EraBackend backend, float[] params, int paramsOffset,
                          float[] x, int xOffset, float[] y, int yOffset, int chunk) {
            int p = spec.parameterCount();
            if (!channelsLast) {
                int start = (int) startOf(chunk);
                backend.forward(spec, params, paramsOffset + setOf(chunk) * p,
                        x, xOffset + start, y, yOffset + start, lengthOf(chunk));
                return;
            }
            int firstRow = (int) firstRowOf(chunk);
            int bandRows = bandRowsOf(chunk);
            int width = width();
            int band = bandRows * width;
            float[] buffer = Workspace.get().columns(2 * band);
            for (int set = 0; set < sharing.sets(); set++) {
                gather(x, xOffset, firstRow, bandRows, set * width, width, buffer, 0);
                backend.forward(spec, params, paramsOffset + set * p, buffer, 0, buffer, band, band);
                scatter(buffer, band, y, yOffset, firstRow, bandRows, set * width, width);
            }
        }

        void forwardChunk(EraBackend backend, float[] params, int paramsOffset,
                          MemorySegment x, long xOffset, MemorySegment y, long yOffset, int chunk) {
            int p = spec.parameterCount();
            if (!channelsLast) {
                long start = startOf(chunk);
                backend.forward(spec, params, paramsOffset + setOf(chunk) * p,
                        x, xOffset + start, y, yOffset + start, lengthOf(chunk));
                return;
            }
            long firstRow = firstRowOf(chunk);
            int bandRows = bandRowsOf(chunk);
            int width = width();
            int band = bandRows * width;
            float[] buffer = Workspace.get().columns(2 * band);
            for (int set = 0; set < sharing.sets(); set++) {
                gather(x, xOffset, firstRow, bandRows, set * width, width, buffer, 0);
                backend.forward(spec, params, paramsOffset + set * p, buffer, 0, buffer, band, band);
                scatter(buffer, band, y, yOffset, firstRow, bandRows, set * width, width);
            }
        }

        void backwardChunk(EraBackend backend, float[] params, int paramsOffset,
                           float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                           float[] slots, int chunk) {
            int p = spec.parameterCount();
            int slot = chunk * slotSize;
            if (!channelsLast) {
                int start = (int) startOf(chunk);
                backend.backward(spec, params, paramsOffset + setOf(chunk) * p,
                        x, xOffset + start, dy, dyOffset + start, dx, dxOffset + start,
                        slots, slot, lengthOf(chunk));
                return;
            }
            int firstRow = (int) firstRowOf(chunk);
            int bandRows = bandRowsOf(chunk);
            int width = width();
            int band = bandRows * width;
            float[] buffer = Workspace.get().columns(2 * band);
            for (int set = 0; set < sharing.sets(); set++) {
                gather(x, xOffset, firstRow, bandRows, set * width, width, buffer, 0);
                gather(dy, dyOffset, firstRow, bandRows, set * width, width, buffer, band);
                backend.backward(spec, params, paramsOffset + set * p, buffer, 0, buffer, band, buffer, band,
                        slots, slot + set * p, band);
                scatter(buffer, band, dx, dxOffset, firstRow, bandRows, set * width, width);
            }
        }

        void backwardChunk(EraBackend backend, float[] params, int paramsOffset,
                           MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                           MemorySegment dx, long dxOffset, float[] slots, int chunk) {
            int p = spec.parameterCount();
            int slot = chunk * slotSize;
            if (!channelsLast) {
                long start = startOf(chunk);
                backend.backward(spec, params, paramsOffset + setOf(chunk) * p,
                        x, xOffset + start, dy, dyOffset + start, dx, dxOffset + start,
                        slots, slot, lengthOf(chunk));
                return;
            }
            long firstRow = firstRowOf(chunk);
            int bandRows = bandRowsOf(chunk);
            int width = width();
            int band = bandRows * width;
            float[] buffer = Workspace.get().columns(2 * band);
            for (int set = 0; set < sharing.sets(); set++) {
                gather(x, xOffset, firstRow, bandRows, set * width, width, buffer, 0);
                gather(dy, dyOffset, firstRow, bandRows, set * width, width, buffer, band);
                backend.backward(spec, params, paramsOffset + set * p, buffer, 0, buffer, band, buffer, band,
                        slots, slot + set * p, band);
                scatter(buffer, band, dx, dxOffset, firstRow, bandRows, set * width, width);
            }
        }

        private void gather(float[] source, int offset, int firstRow, int bandRows, int firstChannel,
                            int width, float[] buffer, int bufferOffset) {
            int channels = sharing.channels();
            for (int row = 0; row < bandRows; row++) {
                System.arraycopy(source, offset + (firstRow + row) * channels + firstChannel,
                        buffer, bufferOffset + row * width, width);
            }
        }

        private void scatter(float[] buffer, int bufferOffset, float[] target, int offset, int firstRow,
                             int bandRows, int firstChannel, int width) {
            int channels = sharing.channels();
            for (int row = 0; row < bandRows; row++) {
                System.arraycopy(buffer, bufferOffset + row * width,
                        target, offset + (firstRow + row) * channels + firstChannel, width);
            }
        }

        private void gather(MemorySegment source, long offset, long firstRow, int bandRows, int firstChannel,
                            int width, float[] buffer, int bufferOffset) {
            long channels = sharing.channels();
            for (int row = 0; row < bandRows; row++) {
                long from = offset + (firstRow + row) * channels + firstChannel;
                MemorySegment.copy(source, FLOAT, from * Float.BYTES, buffer, bufferOffset + row * width, width);
            }
        }

        private void scatter(float[] buffer, int bufferOffset, MemorySegment target, long offset, long firstRow,
                             int bandRows, int firstChannel, int width) {
            long channels = sharing.channels();
            for (int row = 0; row < bandRows; row++) {
                long to = offset + (firstRow + row) * channels + firstChannel;
                MemorySegment.copy(buffer, bufferOffset + row * width, target, FLOAT, to * Float.BYTES, width);
            }
        }

        /** Adds every chunk's slot to its set's gradient, in chunk order. */
        void reduce(float[] slots, float[] dParams, int dParamsOffset) {
            int p = spec.parameterCount();
            for (int chunk = 0; chunk < chunks; chunk++) {
                int slot = chunk * slotSize;
                int target = dParamsOffset + (channelsLast ? 0 : setOf(chunk) * p);
                for (int k = 0; k < slotSize; k++) {
                    dParams[target + k] += slots[slot + k];
                }
            }
        }
    }
}
