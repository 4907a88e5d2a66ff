package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The spin-then-park team behind {@link Gemm#forEach}: every part runs once, failures surface, nothing hangs. */
class WorkerTeamTest {

    @Test
    void everyPartRunsOnceOnItsOwnThreadAcrossManyJobs() {
        try (Gemm gemm = new Gemm(3)) {
            for (int job = 0; job < 2000; job++) {
                int tasks = 1 + job % 7;
                int[] runs = new int[tasks];
                ConcurrentHashMap<Integer, Thread> threads = new ConcurrentHashMap<>();
                gemm.forEach(tasks, (worker, from, to, serial) -> {
                    threads.put(worker, Thread.currentThread());
                    for (int t = from; t < to; t++) {
                        runs[t]++;
                    }
                });
                int[] once = new int[tasks];
                java.util.Arrays.fill(once, 1);
                assertArrayEquals(once, runs, "job " + job);
                assertSame(Thread.currentThread(), threads.get(0), "range 0 runs on the caller");
                assertEquals(gemm.workers(tasks), threads.values().stream().distinct().count(), "one thread per range");
            }
        }
    }

    /** Jobs spaced further apart than the spin window: workers park and must be woken. */
    @Test
    void parkedWorkersWakeForTheNextJob() {
        try (Gemm gemm = new Gemm(2)) {
            AtomicInteger total = new AtomicInteger();
            for (int job = 0; job < 5; job++) {
                LockSupport.parkNanos(3 * WorkerTeam.SPIN_NANOS);
                gemm.forEach(2, (worker, from, to, serial) -> total.addAndGet(to - from));
            }
            assertEquals(10, total.get());
        }
    }

    @Test
    void aWorkersFailureReachesTheCallerAfterAllPartsEnd() {
        try (Gemm gemm = new Gemm(3)) {
            AtomicInteger finished = new AtomicInteger();
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () ->
                    gemm.forEach(3, (worker, from, to, serial) -> {
                        if (worker == 2) {
                            throw new IllegalArgumentException("bad part " + worker);
                        }
                        LockSupport.parkNanos(2_000_000);
                        finished.incrementAndGet();
                    }));
            assertEquals("bad part 2", thrown.getMessage());
            assertEquals(2, finished.get(), "the other parts ran to the end before the caller returned");
            // the team is usable afterwards
            AtomicInteger total = new AtomicInteger();
            gemm.forEach(3, (worker, from, to, serial) -> total.addAndGet(to - from));
            assertEquals(3, total.get());
        }
    }

    @Test
    void aJobStartedInsideAPartRunsOnThatThread() {
        try (Gemm gemm = new Gemm(2)) {
            AtomicInteger inner = new AtomicInteger();
            gemm.forEach(2, (worker, from, to, serial) -> gemm.forEach(4, (w, f, t, s) -> inner.addAndGet(t - f)));
            assertEquals(8, inner.get());
        }
    }

    /** More threads than this machine's cores: waiting callers and workers park and still finish. */
    @Test
    void oversubscribedTeamsFinish() throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        Thread[] callers = new Thread[2];
        AtomicInteger total = new AtomicInteger();
        for (int c = 0; c < callers.length; c++) {
            callers[c] = new Thread(() -> {
                try (Gemm gemm = new Gemm(cores + 1)) {
                    for (int job = 0; job < 200; job++) {
                        gemm.forEach(cores + 1, (worker, from, to, serial) -> total.addAndGet(to - from));
                    }
                }
            });
            callers[c].start();
        }
        for (Thread caller : callers) {
            caller.join(60_000);
            assertTrue(!caller.isAlive(), "a caller is still waiting for its team");
        }
        assertEquals(2 * 200 * (cores + 1), total.get());
    }
}
