package org.era4j.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads of a {@link Gemm}: runs the parts of one job at a time, part 0 on the calling
 * thread and part w on worker w, and returns when all are done.
 *
 * <p>Why not an {@code ExecutorService}: a training step of the paper's CNN hands about twenty
 * jobs to the second core, and with a pool's blocking queue and futures each hand-off cost
 * 0.1-0.5 ms to wake the worker and as much again to wake the caller, about 6 % of a two-thread
 * step. Here a worker spins for {@link #SPIN_NANOS} after each part before it parks, and the
 * caller spins as long while it waits, so back-to-back jobs start and finish within microseconds;
 * after that both park, so an idle team takes no CPU and an oversubscribed machine (more threads
 * than cores) still makes progress.
 *
 * <p>A job started from inside a part (or from a second thread while one runs) runs all its parts
 * on the calling thread, in order: the caller's ranges are fixed, so the result is the same.
 */
final class WorkerTeam implements AutoCloseable {

    /** How long a worker or the waiting caller spins before it parks. */
    static final long SPIN_NANOS = 1_000_000L;

    /** One part of a job. */
    @FunctionalInterface
    interface Part {
        void run(int part);
    }

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Thread waiter;
    private volatile boolean closed;

    /** @param helpers worker threads besides the caller (>= 1) */
    WorkerTeam(int helpers, String name) {
        workers = new Worker[helpers];
        for (int w = 0; w < helpers; w++) {
            workers[w] = new Worker(w + 1);
            Thread thread = new Thread(workers[w], name);
            thread.setDaemon(true);
            workers[w].thread = thread;
            thread.start();
        }
    }

    /** Runs parts {@code [0, parts)}, {@code parts <= helpers + 1}, and rethrows the first failure. */
    void run(int parts, Part body) {
        if (parts > workers.length + 1) {
            throw new IllegalArgumentException(parts + " parts for a team of " + (workers.length + 1));
        }
        if (parts <= 1 || closed || !busy.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) {
                body.run(p);
            }
            return;
        }
        try {
            failure.set(null);
            remaining.set(parts - 1);
            waiter = Thread.currentThread();
            for (int w = 1; w < parts; w++) {
                workers[w - 1].give(body);
            }
            try {
                body.run(0);
            } catch (Throwable own) {
                failure.compareAndSet(null, own);
            }
            awaitWorkers();
            Throwable first = failure.get();
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
            if (first != null) {
                throw new IllegalStateException(first);
            }
        } finally {
            busy.set(false);
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (remaining.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                // the last worker to finish unparks this thread; the loop re-checks after any wake-up
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : workers) {
            LockSupport.unpark(worker.thread);
        }
    }

    private final class Worker implements Runnable {

        private final int index;
        private Thread thread;
        private volatile Part part;
        private volatile boolean parked;

        Worker(int index) {
            this.index = index;
        }

        /** Hands over a part; the worker is either spinning on {@link #part} or parked and woken here. */
        void give(Part body) {
            part = body;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            Part next;
            while ((next = await()) != null) {
                try {
                    next.run(index);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                part = null;
                if (remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(waiter);
                }
            }
        }

        /** The next part, or null once the team is closed. */
        private Part await() {
            long start = System.nanoTime();
            while (true) {
                Part next = part;
                if (next != null) {
                    return next;
                }
                if (closed) {
                    return null;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                // publish "parked" before the last look at part: give() writes part, then reads parked
                parked = true;
                if (part == null && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
