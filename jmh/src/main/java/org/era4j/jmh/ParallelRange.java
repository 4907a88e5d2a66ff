package org.era4j.jmh;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.era4j.kernel.EraExecutor;

/**
 * Runs a loop over {@code [0, length)} on a fixed pool, one contiguous part per thread but never
 * parts smaller than one {@link EraExecutor#CHUNK} (the ERA executor's rule, so below two chunks
 * the loop runs on the calling thread); the multi-threaded baselines (copy, read-read-write) use
 * it so the executor is compared with the same traffic spread the same way.
 */
final class ParallelRange implements AutoCloseable {

    interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;
    private final Future<?>[] futures;

    ParallelRange(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "bench-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.futures = new Future<?>[threads];
    }

    void run(int length, RangeTask task) {
        int parts = Math.min(threads, Math.max(1, length / EraExecutor.CHUNK));
        if (parts == 1) {
            task.run(0, length);
            return;
        }
        for (int t = 0; t < parts; t++) {
            int from = (int) ((long) length * t / parts);
            int to = (int) ((long) length * (t + 1) / parts);
            futures[t] = pool.submit(() -> task.run(from, to));
        }
        try {
            for (int t = 0; t < parts; t++) {
                futures[t].get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
