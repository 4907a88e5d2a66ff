package org.era4j.jmh;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a loop over {@code [0, length)} on a fixed pool, one contiguous part per thread; the
 * multi-threaded baselines (copy, read-read-write) use it so the ERA executor is compared with
 * the same memory traffic spread over the same threads.
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
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) length * t / threads);
            int to = (int) ((long) length * (t + 1) / threads);
            futures[t] = pool.submit(() -> task.run(from, to));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
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
