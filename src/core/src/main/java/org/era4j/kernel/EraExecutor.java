package org.era4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * number of threads, including one.
 *
 * <p>Channels-last tensors with per-channel or per-group sets are processed by copying each set's
 * columns of a row band into a contiguous per-thread buffer, so the backend always sees contiguous
 * runs (the copy costs about one extra read and write per element).
 *
 * <p>An executor reuses a growable buffer for the per-chunk gradient slots and is therefore not
 * safe for concurrent calls; use one per thread of the caller, or synchronise. Close it to stop its
 * worker threads.
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
    private final ExecutorService pool;
    private float[] partials = new float[0];

    /**
     * @param backend the kernel for contiguous runs
     * @param threads worker threads, >= 1; 1 runs everything on the calling thread
     */
    public EraExecutor(EraBackend backend, int threads) {
        if (backend == null) {
            throw new IllegalArgumentException("backend is null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.backend = backend;
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "era4j-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    public EraBackend backend() {
        return backend;
    }

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
        Plan plan = plan(spec, sharing, params, paramsOffset, length, inner);
        Checks.range("x", x, xOffset, length);
        Checks.range("y", y, yOffset, length);
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
        Plan plan = plan(spec, sharing, params, paramsOffset, length, inner);
        spec.checkParameters(dParams, dParamsOffset, sharing.sets());
        Checks.range("x", x, xOffset, length);
        Checks.range("dy", dy, dyOffset, length);
        Checks.range("dx", dx, dxOffset, length);
        Checks.noPartialOverlap("dx", dx, dxOffset, "x", x, xOffset, length);
        Checks.noPartialOverlap("dx", dx, dxOffset, "dy", dy, dyOffset, length);
        int slots = plan.chunks * plan.slotSize;
        if (partials.length < slots) {
            partials = new float[slots];
        }
        float[] slotsArray = partials;
        java.util.Arrays.fill(slotsArray, 0, slots, 0f);
        run(plan, chunk -> plan.backwardChunk(backend, params, paramsOffset, x, xOffset, dy, dyOffset,
                dx, dxOffset, slotsArray, chunk));
        plan.reduce(slotsArray, dParams, dParamsOffset);
    }

    private Plan plan(EraSpec spec, ParameterSharing sharing, float[] params, int paramsOffset,
                      int length, int inner) {
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
        int workers = plan.length < PARALLEL_THRESHOLD ? 1 : Math.min(threads, chunks);
        if (workers <= 1) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                task.run(chunk);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int worker = 0; worker < workers; worker++) {
            int from = (int) ((long) chunks * worker / workers);
            int to = (int) ((long) chunks * (worker + 1) / workers);
            futures.add(pool.submit(() -> {
                for (int chunk = from; chunk < to; chunk++) {
                    task.run(chunk);
                }
            }));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for ERA workers", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** How a tensor is cut into chunks; derived from the shape alone. */
    private record Plan(EraSpec spec, ParameterSharing sharing, int length, int inner,
                        boolean channelsLast, int chunks, int slotSize,
                        int chunksPerBlock, int rowsPerChunk, int rows) {

        static Plan of(EraSpec spec, ParameterSharing sharing, int length, int inner) {
            if (length < 0) {
                throw new IllegalArgumentException("length must be >= 0, got " + length);
            }
            int p = spec.parameterCount();
            if (sharing.mode() == ParameterSharing.Mode.LAYER) {
                int chunks = (length + CHUNK - 1) / CHUNK;
                return new Plan(spec, sharing, length, length, false, chunks, p, chunks, 0, 0);
            }
            int channels = sharing.channels();
            if (sharing.layout() == ParameterSharing.ChannelLayout.CHANNELS_FIRST) {
                if (inner < 1) {
                    throw new IllegalArgumentException("inner size must be >= 1 for channels-first sharing, got " + inner);
                }
                long block = (long) channels * inner;
                if (length % block != 0) {
                    throw new IllegalArgumentException("tensor of " + length + " elements is not (outer, "
                            + channels + " channels, " + inner + " inner)");
                }
                int blocks = (int) (length / inner);
                int perBlock = (inner + CHUNK - 1) / CHUNK;
                return new Plan(spec, sharing, length, inner, false, blocks * perBlock, p, perBlock, 0, 0);
            }
            if (inner != 1) {
                throw new IllegalArgumentException("channels-last sharing takes inner size 1, got " + inner);
            }
            if (length % channels != 0) {
                throw new IllegalArgumentException("tensor of " + length + " elements is not (rows, "
                        + channels + " channels)");
            }
            int rows = length / channels;
            int rowsPerChunk = Math.max(1, CHUNK / channels);
            int chunks = (rows + rowsPerChunk - 1) / rowsPerChunk;
            return new Plan(spec, sharing, length, 1, true, chunks, sharing.sets() * p, 0, rowsPerChunk, rows);
        }

        /** Channels-first / layer: the set, start and length of a chunk. */
        private int setOf(int chunk) {
            if (sharing.mode() == ParameterSharing.Mode.LAYER) {
                return 0;
            }
            int block = chunk / chunksPerBlock;
            return sharing.setOf(block % sharing.channels());
        }

        private int startOf(int chunk) {
            int block = chunk / chunksPerBlock;
            return block * inner + (chunk % chunksPerBlock) * CHUNK;
        }

        private int lengthOf(int chunk) {
            int blockEnd = (chunk / chunksPerBlock + 1) * inner;
            return Math.min(CHUNK, Math.min(blockEnd, length) - startOf(chunk));
        }

        void forwardChunk(EraBackend backend, float[] params, int paramsOffset,
                          float[] x, int xOffset, float[] y, int yOffset, int chunk) {
            int p = spec.parameterCount();
            if (!channelsLast) {
                int start = startOf(chunk);
                backend.forward(spec, params, paramsOffset + setOf(chunk) * p,
                        x, xOffset + start, y, yOffset + start, lengthOf(chunk));
                return;
            }
            int firstRow = chunk * rowsPerChunk;
            int bandRows = Math.min(rowsPerChunk, rows - firstRow);
            int width = sharing.channels() / sharing.sets();
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
                int start = startOf(chunk);
                backend.backward(spec, params, paramsOffset + setOf(chunk) * p,
                        x, xOffset + start, dy, dyOffset + start, dx, dxOffset + start,
                        slots, slot, lengthOf(chunk));
                return;
            }
            int firstRow = chunk * rowsPerChunk;
            int bandRows = Math.min(rowsPerChunk, rows - firstRow);
            int width = sharing.channels() / sharing.sets();
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
