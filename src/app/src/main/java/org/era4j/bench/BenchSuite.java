package org.era4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraExecutor;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.EraBackendUnavailableException;
import org.era4j.kernel.EraBackends;
import org.era4j.rational.EraSpec;

/**
 * Measures ERA forward and fused backward for each size, n and backend, with the copy and
 * read-read-write baselines of the same size and thread count timed in the same run, so every
 * row carries its ratio to a bandwidth bound of this machine at this moment.
 *
 * <p>Inputs are seeded (uniform in [-4, 4] for x, [-1, 1] for dy); parameters are a fixed
 * plausible fitted ERA, so two runs measure the same work.
 */
public final class BenchSuite implements AutoCloseable {

    static final long SEED = 20221023L;

    private final BenchSettings settings;
    private final BenchHarness harness;
    private final ExecutorService pool;
    private final EraExecutor eraExecutor;
    /** The backends of the run, opened once, in the order asked for; unavailable ones are left out. */
    private final java.util.Map<String, EraBackend> opened = new java.util.LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public BenchSuite(BenchSettings settings) {
        this.settings = settings;
        this.harness = new BenchHarness(settings.warmupMillis(), settings.repetitionMillis(), settings.repetitions());
        this.pool = settings.threads() > 1 ? Executors.newFixedThreadPool(settings.threads(), runnable -> {
            Thread thread = new Thread(runnable, "era4j-bench");
            thread.setDaemon(true);
            return thread;
        }) : null;
        this.eraExecutor = new EraExecutor(EraBackends.defaultBackend(), settings.threads());
        for (String backend : settings.backends()) {
            if (backend.equals(BenchSettings.THREADED)) {
                continue;
            }
            try {
                opened.put(backend, EraBackends.open(backend));
            } catch (EraBackendUnavailableException e) {
                notes.add(backend + " skipped: " + e.getMessage());
            }
        }
    }

    /** Things the run could not measure, and why. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The backends measured, by the name they were asked for. */
    public java.util.Map<String, EraBackend> backends() {
        return java.util.Collections.unmodifiableMap(opened);
    }

    private List<String> activeBackends() {
        return settings.backends().stream().filter(b -> b.equals(BenchSettings.THREADED) || opened.containsKey(b)).toList();
    }

    /** Runs every case; {@code progress} sees each row as soon as it is measured. */
    public List<BenchRow> run(Consumer<BenchRow> progress) {
        warmUpCompiler();
        List<BenchRow> rows = new ArrayList<>();
        for (int size : settings.sizes()) {
            runSize(size, row -> {
                rows.add(row);
                progress.accept(row);
            });
        }
        return rows;
    }

    /**
     * Runs every kernel on a small array first, so the JIT has compiled them before the first
     * size is timed (otherwise the first size measures the interpreter, worst on a loaded
     * machine whose compiler threads wait for a core).
     */
    private void warmUpCompiler() {
        int size = 1031;
        float[] x = uniform(size, 4f, SEED);
        float[] dy = uniform(size, 1f, SEED + 1);
        float[] y = new float[size];
        float[] dx = new float[size];
        // 2,000 calls of a 1,031-element loop pass C2's invocation and back-edge thresholds.
        BenchHarness warmup = new BenchHarness(Math.min(settings.warmupMillis(), 100), 0, 1,
                settings.warmupMillis() == 0 ? 1 : 2000);
        // the baselines too: otherwise the first size times an interpreted (not yet intrinsified) Vector API copy
        warmup.measure(() -> {
            StreamBaselines.copy(x, y, 0, size);
            return y[size - 1];
        });
        warmup.measure(() -> {
            StreamBaselines.multiply(x, dy, dx, 0, size);
            return dx[size - 1];
        });
        for (int n : settings.fractions()) {
            EraSpec spec = EraSpec.of(n);
            float[] params = parameters(n);
            float[] dParams = new float[spec.parameterCount()];
            for (String backend : activeBackends()) {
                warmup.measure(forwardOperation(backend, spec, params, x, y, size));
                warmup.measure(backwardOperation(backend, spec, params, x, dy, dx, dParams, size));
            }
        }
    }

    private void runSize(int size, Consumer<BenchRow> out) {
        float[] x = uniform(size, 4f, SEED);
        float[] dy = uniform(size, 1f, SEED + 1);
        float[] y = new float[size];
        float[] dx = new float[size];
        int t = settings.threads();

        Measurement copy1 = harness.measure(() -> {
            StreamBaselines.copy(x, y, 0, size);
            return y[size - 1];
        });
        out.accept(new BenchRow("forward", "copy", 0, 1, size, 8, copy1, "copy", copy1.medianNanos()));
        Measurement copyT = copy1;
        if (t > 1) {
            copyT = harness.measure(() -> {
                parallel(size, (from, to) -> StreamBaselines.copy(x, y, from, to));
                return y[size - 1];
            });
            out.accept(new BenchRow("forward", "copy", 0, t, size, 8, copyT, "copy", copyT.medianNanos()));
        }
        Measurement rrw1 = harness.measure(() -> {
            StreamBaselines.multiply(x, dy, dx, 0, size);
            return dx[size - 1];
        });
        out.accept(new BenchRow("backward", "read-read-write", 0, 1, size, 12, rrw1, "read-read-write", rrw1.medianNanos()));
        Measurement rrwT = rrw1;
        if (t > 1) {
            rrwT = harness.measure(() -> {
                parallel(size, (from, to) -> StreamBaselines.multiply(x, dy, dx, from, to));
                return dx[size - 1];
            });
            out.accept(new BenchRow("backward", "read-read-write", 0, t, size, 12, rrwT, "read-read-write", rrwT.medianNanos()));
        }

        for (int n : settings.fractions()) {
            EraSpec spec = EraSpec.of(n);
            float[] params = parameters(n);
            float[] dParams = new float[spec.parameterCount()];
            for (String backend : activeBackends()) {
                boolean threaded = backend.equals(BenchSettings.THREADED);
                int threads = threaded ? t : 1;
                Measurement forward = harness.measure(forwardOperation(backend, spec, params, x, y, size));
                out.accept(new BenchRow("forward", backend, n, threads, size, 8, forward, "copy",
                        (threaded ? copyT : copy1).medianNanos()));
                Measurement backward = harness.measure(backwardOperation(backend, spec, params, x, dy, dx, dParams, size));
                out.accept(new BenchRow("backward", backend, n, threads, size, 12, backward, "read-read-write",
                        (threaded ? rrwT : rrw1).medianNanos()));
            }
        }
    }

    private BenchHarness.Operation forwardOperation(String backend, EraSpec spec, float[] params,
                                                    float[] x, float[] y, int size) {
        if (backend.equals(BenchSettings.THREADED)) {
            return () -> {
                eraExecutor.forward(spec, ParameterSharing.layer(), params, 0, x, 0, y, 0, size, size);
                return y[size - 1];
            };
        }
        EraBackend kernel = singleThreaded(backend);
        return () -> {
            kernel.forward(spec, params, 0, x, 0, y, 0, size);
            return y[size - 1];
        };
    }

    private BenchHarness.Operation backwardOperation(String backend, EraSpec spec, float[] params, float[] x,
                                                     float[] dy, float[] dx, float[] dParams, int size) {
        if (backend.equals(BenchSettings.THREADED)) {
            return () -> {
                Arrays.fill(dParams, 0f);
                eraExecutor.backward(spec, ParameterSharing.layer(), params, 0, x, 0, dy, 0, dx, 0,
                        dParams, 0, size, size);
                return dx[size - 1] + dParams[0];
            };
        }
        EraBackend kernel = singleThreaded(backend);
        return () -> {
            Arrays.fill(dParams, 0f);
            kernel.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, size);
            return dx[size - 1] + dParams[0];
        };
    }

    private EraBackend singleThreaded(String backend) {
        return opened.get(backend);
    }

    private interface RangeTask {
        void run(int from, int to);
    }

    /**
     * {@code [0, length)} cut into one contiguous part per thread, but never into parts smaller
     * than one {@link EraExecutor#CHUNK}, the rule the ERA executor follows; a length below two
     * chunks runs on the calling thread, as the executor's does.
     */
    private void parallel(int length, RangeTask task) {
        int t = Math.min(settings.threads(), Math.max(1, length / EraExecutor.CHUNK));
        if (t == 1) {
            task.run(0, length);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(t);
        for (int k = 0; k < t; k++) {
            int from = (int) ((long) length * k / t);
            int to = (int) ((long) length * (k + 1) / t);
            futures.add(pool.submit(() -> task.run(from, to)));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing a baseline", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("baseline failed", e.getCause());
        }
    }

    /**
     * A plausible fitted ERA: {@code a = 0.52, b = 0.11}, fractions with numerators of order
     * one and quadratics whose minimum {@code f^2 + eps} is at least 0.75.
     */
    static float[] parameters(int n) {
        float[] p = new float[4 * n + 2];
        p[0] = 0.52f;
        p[1] = 0.11f;
        for (int i = 0; i < n; i++) {
            int k = 2 + 4 * i;
            p[k] = 0.31f - 0.48f * i;
            p[k + 1] = -0.23f + 0.52f * i;
            p[k + 2] = 0.42f - 1.77f * i;
            p[k + 3] = 1.13f - 0.26f * (i % 2);
        }
        return p;
    }

    private static float[] uniform(int length, float range, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * range);
        }
        return values;
    }

    @Override
    public void close() {
        eraExecutor.close();
        opened.values().forEach(EraBackend::close);
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
